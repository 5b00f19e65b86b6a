-- Every batch, history load and restore writes employees; each secondary index costs every write.
-- The reference indexes served only the dangling-reference check of a department or job restore,
-- a rare admin action that can afford one scan of employees. The reports keep employees_hiring.
ALTER TABLE employees DROP INDEX employees_department, DROP INDEX employees_job;
