"""Every aggregate the app shows, one module per page family; callers import the sub-module.

dashboard (provinces ranked, national totals), offices (a province's post offices), staff
(leaderboard, quota attainment, one person's months), staff_year (the SQL over a StaffYearFigures row).
The maths itself is core/maths.py; the period is core/period.py.
"""
