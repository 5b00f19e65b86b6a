-- The API's database. Tables are created by the API's Flyway migrations, not here.
CREATE DATABASE IF NOT EXISTS hireflow CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
