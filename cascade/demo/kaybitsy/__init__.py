"""Demo script of the Kaibitsy district (ru-16-kaybitsy), 2021.

Source: 000_74987a3802766ccb.txt, order of the education department no. 20/2 of 11.02.2021
«Об организации сетевого взаимодействия»: appendix 1 (partner-school list), appendix 2
(regulation), appendix 3 (the 20-item roadmap), p.2.2 (monthly reports by the 28th).

The schools are the real ones of appendix 1. Every person (coordinators, curators, the
municipal coordinator) is fictitious: the names in the order are personal data (152-ФЗ).
Activity after 11.02.2021 (visits, reports, internships, indicator values) is illustrative.

people: schools, persons and pairs; roadmap: the 20 items; steps: builders of the script's
commands; setup, spring, autumn: the script itself, in date order.
"""

from __future__ import annotations

from cascade.demo.kaybitsy.autumn import autumn
from cascade.demo.kaybitsy.people import PRINCIPALS, TENANT
from cascade.demo.kaybitsy.setup import setup
from cascade.demo.kaybitsy.spring import spring
from cascade.demo.model import DemoStep

__all__ = ["PRINCIPALS", "STEPS", "TENANT"]

STEPS: list[DemoStep] = setup() + spring() + autumn()
