"""The person after arrival: their immigration status now, the Workforce list, and
recording an employee already on a visa.

It sits above tracker/cases (a status is read from a person's cases) and below the
pages (main's dashboard counts). It has no models of its own. The candidate page
shows its section through candidates.views.PERSON_SECTIONS, so tracker/candidates,
drawn below the cases, never imports it.
"""
