-- A million cases for the case-list benchmark (bench/case_list.py). Run on an empty,
-- migrated PostgreSQL database: psql -d <db> -f bench/seed_cases.sql (about a minute).

INSERT INTO companies (id, name, brn, contact_email, created_at) VALUES
  (1, 'Big Co', '90000001', 'a@b.c', now()), (2, 'Small Co', '90000002', 'a@b.c', now());
SELECT setval('companies_id_seq', 2);
INSERT INTO users (company_id, email, full_name, role, active, created_at)
  SELECT 1, 'u' || g || '@big.example', 'User ' || g, 'staff', true, now() FROM generate_series(1, 20) g;
INSERT INTO users (company_id, email, full_name, role, active, created_at)
  VALUES (2, 'u@small.example', 'Small User', 'staff', true, now());
INSERT INTO quota_allotments (company_id, itc_reference, allotment_date, valid_until, total_quotas, notes, created_at)
  SELECT 1, 'ITC/' || g, date '2024-01-01', date '2026-01-01', 100000, '', now() FROM generate_series(1, 200) g;
INSERT INTO quota_positions (company_id, allotment_id, job_title, technology_area, required_qualification, monthly_salary, quotas, used)
  SELECT 1, a.id, 'Research Engineer', 'Robotics', '', 40000, 100000, 0 FROM quota_allotments a;
INSERT INTO candidates (company_id, full_name, chinese_name, nationality, date_of_birth, place_of_birth, passport_number, passport_expiry,
                        email, qualification_level, qualification_subject, qualification_institution, stem_degree, years_experience, current_location, created_at, updated_at)
  SELECT 1, initcap(substr(md5(g::text), 1, 6)) || ' ' || initcap(substr(md5((g*7)::text), 1, 8)), '', 'X', date '1990-01-01', '',
         'P' || lpad(g::text, 9, '0'), date '2025-01-01' + (g % 4000), '', 'master', '', '', true, 3, '', now(), now()
  FROM generate_series(1, 500000) g;
INSERT INTO candidates (company_id, full_name, chinese_name, nationality, date_of_birth, place_of_birth, passport_number, passport_expiry,
                        email, qualification_level, qualification_subject, qualification_institution, stem_degree, years_experience, current_location, created_at, updated_at)
  SELECT 2, 'Small ' || g, '', 'X', date '1990-01-01', '', 'S' || g, date '2030-01-01', '', 'master', '', '', true, 3, '', now(), now()
  FROM generate_series(1, 1000) g;
-- 1,000,000 cases for company 1, stages spread over the workflow, most of them ended or active.
INSERT INTO cases (company_id, candidate_id, scheme, job_title, monthly_salary, intended_start_date, owner_id, allotment_id, position_id,
                   quota_held, local_recruitment_justification, talent_list_profession, stage, stage_changed_at, immd_reference, visa_number,
                   limit_of_stay_until, hkid_due_on, created_at, updated_at)
  SELECT 1, 1 + (g % 500000), CASE WHEN g % 3 = 0 THEN 'GEP' ELSE 'TechTAS' END, 'Research Engineer', 45000,
         date '2020-01-01' + (g % 3000), 1 + (g % 20),
         CASE WHEN g % 3 = 0 THEN NULL ELSE 1 + (g % 200) END, CASE WHEN g % 3 = 0 THEN NULL ELSE 1 + (g % 200) END,
         false, '', '',
         (ARRAY['closed','closed','closed','closed','active','active','active','refused','withdrawn','approved',
                'visa_issued','arrived','submitted','draft','preparing','info_requested'])[1 + (g % 16)],
         now(), '', '',
         CASE WHEN g % 16 IN (4,5,6,10,11) THEN date '2025-06-01' + (g % 1500) END,
         CASE WHEN g % 16 = 11 THEN date '2025-06-01' + (g % 900) END,
         now(), now()
  FROM generate_series(1, 1000000) g;
INSERT INTO cases (company_id, candidate_id, scheme, job_title, monthly_salary, owner_id, quota_held, local_recruitment_justification,
                   talent_list_profession, stage, stage_changed_at, immd_reference, visa_number, created_at, updated_at)
  SELECT 2, c.id, 'GEP', 'Analyst', 30000, (SELECT id FROM users WHERE company_id = 2), false, '', '', 'draft', now(), '', '', now(), now()
  FROM candidates c WHERE c.company_id = 2;
-- Documents: every required item received for the draft/preparing cases of company 1.
INSERT INTO case_documents (company_id, case_id, code, status, received_on, file_name, stored_name, content_type, size_bytes)
  SELECT 1, c.id, d.code, 'received', date '2025-01-01', '', '', '', 0
  FROM cases c CROSS JOIN (VALUES ('id990a'),('id990b'),('passport'),('degree'),('cv'),('contract'),('br_certificate')) d(code)
  WHERE c.company_id = 1 AND c.stage IN ('draft', 'preparing') AND c.id % 2 = 0;
INSERT INTO case_documents (company_id, case_id, code, status, received_on, file_name, stored_name, content_type, size_bytes)
  SELECT 1, c.id, CASE WHEN c.scheme = 'GEP' THEN 'local_recruitment' ELSE 'itc_letter' END, 'received', date '2025-01-01', '', '', '', 0
  FROM cases c WHERE c.company_id = 1 AND c.stage IN ('draft', 'preparing') AND c.id % 2 = 0;
VACUUM ANALYZE;
SELECT count(*) FROM cases;
