-- Run after seed_cases.sql: most cases closed or active, passports spread over 10 years.
-- A more realistic million: most cases closed or active, about 2% in preparation.
UPDATE cases SET stage = CASE
    WHEN id % 200 < 120 THEN 'closed' WHEN id % 200 < 130 THEN 'refused'
    WHEN id % 200 < 140 THEN 'withdrawn' WHEN id % 200 < 190 THEN 'active'
    WHEN id % 200 = 190 THEN 'arrived' WHEN id % 200 = 191 THEN 'visa_issued'
    WHEN id % 200 = 192 THEN 'approved' WHEN id % 200 IN (193, 194) THEN 'submitted'
    WHEN id % 200 = 195 THEN 'info_requested' WHEN id % 200 IN (196, 197) THEN 'preparing'
    ELSE 'draft' END,
  limit_of_stay_until = CASE WHEN id % 200 BETWEEN 140 AND 191 THEN date '2025-06-01' + (id % 1100) END,
  hkid_due_on = CASE WHEN id % 200 = 190 THEN date '2025-06-01' + (id % 60) END
WHERE company_id = 1;
UPDATE candidates SET passport_expiry = date '2025-01-01' + (id % 3650) WHERE company_id = 1;
INSERT INTO case_documents (company_id, case_id, code, status, received_on, file_name, stored_name, content_type, size_bytes)
  SELECT 1, c.id, d.code, 'received', date '2025-01-01', '', '', '', 0
  FROM cases c CROSS JOIN (VALUES ('id990a'),('id990b'),('passport'),('degree'),('cv'),('contract'),('br_certificate'),('itc_letter'),('local_recruitment')) d(code)
  WHERE c.company_id = 1 AND c.stage IN ('draft', 'preparing') AND c.id % 2 = 0
ON CONFLICT DO NOTHING;
VACUUM ANALYZE;
SELECT stage, count(*) FROM cases WHERE company_id = 1 GROUP BY stage ORDER BY 2 DESC;
