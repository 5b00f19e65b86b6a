-- The three tables of the data dictionary (io.hireflow.api.dictionary.Table).
-- DictionaryAgreementTest proves these columns agree with the dictionary.
-- No FOREIGN KEY constraints: a restore swaps a table in with RENAME TABLE, and InnoDB would make
-- the children's keys follow the renamed-away table. References are checked by the API instead.
CREATE TABLE departments (
    department_id   INT          NOT NULL,
    department_name VARCHAR(100) NOT NULL,
    PRIMARY KEY (department_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE jobs (
    job_id   INT          NOT NULL,
    job_name VARCHAR(100) NOT NULL,
    PRIMARY KEY (job_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE employees (
    employee_id   INT          NOT NULL,
    employee_name VARCHAR(200) NOT NULL,
    hiring_date   DATETIME     NOT NULL COMMENT 'UTC',
    department_id INT          NOT NULL,
    job_id        INT          NOT NULL,
    PRIMARY KEY (employee_id),
    -- Covers the quarterly reports: a range on hiring_date, grouped by department and job.
    KEY employees_hiring (hiring_date, department_id, job_id),
    -- Find employees that point at a department or job (restore refuses to leave them dangling).
    KEY employees_department (department_id),
    KEY employees_job (job_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
