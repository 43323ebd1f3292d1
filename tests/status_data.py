"""A small roadmap with Cyrillic and Kazakh titles, shared by the status/show/explain tests.

Hand-computed figures on its as_of (2025-01-01) are written next to the data.
"""

from __future__ import annotations

ROADMAP = """\
format: 1
branch:
  id: shymkent
  name: Шымкентский городской филиал
  programme: «Халықпен бірге!» — Шымкент
  period: {start: 2024-01-01, end: 2026-12-31}
  as_of: 2025-01-01
districts:
  abay: Абайский район
  enbekshi: Енбекшинский район
members:
  - id: omarov-b
    name: Омаров Бауыржан Серікұлы
    bodies: [bureau]
    position: Заместитель председателя
  - id: seitkali-a
    name: Сейтқали Әйгерім Қайратқызы
    bodies: [political_council, bureau]
  - id: petrova-n
    name: Петрова Наталья Ивановна
    bodies: [political_council]
sections:
  - id: social
    title: Әлеуметтік қолдау — Ұлттық жоба «Қамқорлық» для семей с детьми-инвалидами
    sensitive: true
    owner: omarov-b
    pledges:
      # (0.5 + 0.25) / 2 = 0.375, red (queue-days), stale 1, 1 negative feedback in window
      - id: social-centres
        title: Открыть 4 центра поддержки семей [пилот] в Абайском и Енбекшинском районах
        status: in_progress
        due: 2025-12-31
        weight: 2
        districts: [abay, enbekshi]
        indicators:
          # 2/4 = 0.5; expected 366/730 = 0.5014; green
          - id: social-centres-opened
            title: Открыто центров поддержки семей
            unit: ед.
            baseline: 0
            target: 4
            start: 2024-01-01
            due: 2025-12-31
            owner: seitkali-a
            values:
              - {date: 2024-06-30, value: 1, source: Управление соцзащиты}
              - {date: 2024-12-31, value: 2, source: Управление соцзащиты}
              - {date: 2025-03-31, value: 4, source: Управление соцзащиты}
          # falling: (50 − 60) / (20 − 60) = 0.25 < 0.5014 − 0.25 → red; 276 days old → stale
          - id: social-queue-days
            title: Срок ожидания услуги, дней
            unit: дн.
            baseline: 60
            target: 20
            owner: petrova-n
            values:
              - {date: 2024-03-31, value: 50, source: Акимат}
        feedback:
          - date: 2024-12-10
            channel: reception
            tone: negative
            district: abay
            text: Центр открыт, но записи нет
      # no indicators, done → 1, done
      - id: social-benefits
        title: Единое окно выплат
        status: done
        due: 2024-12-31
  - id: roads
    title: Дороги и транспорт
    owner: seitkali-a
    pledges:
      # 90/120 = 0.75, overdue by 62 days → red
      - id: roads-repair
        title: Отремонтировать 120 км дорог
        status: in_progress
        due: 2024-10-31
        districts: [enbekshi]
        indicators:
          - id: roads-repair-km
            title: Отремонтировано дорог, км
            unit: км
            baseline: 0
            target: 120
            owner: petrova-n
            values:
              - {date: 2024-09-30, value: 90}
      # cancelled: listed, left out of every roll-up
      - id: roads-lrt
        title: Построить ЛРТ
        status: cancelled
"""
"""Section social: (2×0.375 + 1×1) / 3 = 0.5833; branch: (0.75 + 1 + 0.75) / 4 = 0.625."""
