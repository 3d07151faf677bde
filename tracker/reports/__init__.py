"""The Reports page: charts of cases, stage times, quota use and expiries ahead."""
