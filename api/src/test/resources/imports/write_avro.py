#!/usr/bin/python3
"""Writes Avro files for the import tests with Apache Avro's Python implementation (Debian's python3-avro),
independent of the Java library hireflow reads and writes with.

Usage: write_avro.py SHAPE CODEC ROWS OUT
  SHAPE  seed-employees | seed-jobs | seed-departments   (the fastavro files of the system hireflow replaces)
         spark-employees   (long ids, ["null", T] unions, timestamp-micros, a namespaced record, an extra field)
         millis-employees  (timestamp-millis instants, another record name)
         missing-field | wrong-types | not-a-record      (files that cannot be mapped)
         bad-rows          (mappable, but rows break the dictionary; see bad_employee below)
  CODEC  null | deflate | snappy | zstandard
Rows: employee i has id i, name "Employee i", hired 2021-01-01T00:00:00Z + i*3607 s, department (i % 2) + 1,
job (i % 2) + 1; departments and jobs are named "Department i" and "Job i".
"""
import datetime
import json
import sys

import avro.datafile
import avro.io
import avro.schema

EPOCH = datetime.datetime(2021, 1, 1, tzinfo=datetime.timezone.utc)


def seconds(i):
    return int(EPOCH.timestamp()) + i * 3607


def iso(i):
    return datetime.datetime.fromtimestamp(seconds(i), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def record(name, fields, namespace=None):
    schema = {"type": "record", "name": name, "fields": [{"name": n, "type": t} for n, t in fields]}
    if namespace:
        schema["namespace"] = namespace
    return schema


SEED_EMPLOYEES = record("employees", [("employee_id", "int"), ("employee_name", "string"),
                                      ("hiring_date", "string"), ("department_id", "int"), ("job_id", "int")])
MICROS = {"type": "long", "logicalType": "timestamp-micros"}
MILLIS = {"type": "long", "logicalType": "timestamp-millis"}

SHAPES = {
    "seed-employees": (SEED_EMPLOYEES, lambda i: {
        "employee_id": i, "employee_name": "Employee %d" % i, "hiring_date": iso(i),
        "department_id": i % 2 + 1, "job_id": i % 2 + 1}),
    "seed-jobs": (record("jobs", [("job_id", "int"), ("job_name", "string")]),
                  lambda i: {"job_id": i, "job_name": "Job %d" % i}),
    "seed-departments": (record("departments", [("department_id", "int"), ("department_name", "string")]),
                         lambda i: {"department_id": i, "department_name": "Department %d" % i}),
    "spark-employees": (record("topLevelRecord", [
        ("employee_id", ["null", "long"]), ("job_id", ["null", "long"]), ("employee_name", ["null", "string"]),
        ("hiring_date", ["null", MICROS]), ("department_id", ["long", "null"]), ("ingested_by", "string")],
        namespace="com.example.spark"), lambda i: {
        "employee_id": i, "job_id": i % 2 + 1, "employee_name": "Employee %d" % i,
        "hiring_date": datetime.datetime.fromtimestamp(seconds(i), datetime.timezone.utc),
        "department_id": i % 2 + 1, "ingested_by": "spark"}),
    "millis-employees": (record("Employee", [
        ("employee_id", "int"), ("employee_name", "string"), ("hiring_date", MILLIS), ("department_id", "long"),
        ("job_id", "int")], namespace="org.example.hr"), lambda i: {
        "employee_id": i, "employee_name": "Employee %d" % i,
        "hiring_date": datetime.datetime.fromtimestamp(seconds(i), datetime.timezone.utc),
        "department_id": i % 2 + 1, "job_id": i % 2 + 1}),
    "missing-field": (record("employees", [("employee_id", "int"), ("employee_name", "string"),
                                           ("hiring_date", "string"), ("department_id", "int")]), lambda i: {
        "employee_id": i, "employee_name": "Employee %d" % i, "hiring_date": iso(i), "department_id": 1}),
    "wrong-types": (record("employees", [("employee_id", "double"), ("employee_name", "int"),
                                         ("hiring_date", "long"), ("department_id", ["null", "int", "string"]),
                                         ("job_id", "int")]), lambda i: {
        "employee_id": float(i), "employee_name": i, "hiring_date": seconds(i), "department_id": 1, "job_id": 1}),
    "not-a-record": ("string", lambda i: "Employee %d" % i),
}


def bad_employee(i):
    """Rows 3, 5, 6, 7, 8 and 9 of every ten break a rule; the others are fine."""
    row = {"employee_id": i, "job_id": i % 2 + 1, "employee_name": "Employee %d" % i,
           "hiring_date": datetime.datetime.fromtimestamp(seconds(i), datetime.timezone.utc),
           "department_id": i % 2 + 1}
    kind = i % 10
    if kind == 3:
        row["employee_name"] = None  # null in a ["null", T] union
    elif kind == 5:
        row["employee_id"] = 2 ** 31  # a long beyond 32 bits
    elif kind == 6:
        row["hiring_date"] += datetime.timedelta(microseconds=500)  # a fraction of a second
    elif kind == 7:
        row["employee_id"] = 1  # a repeat of row 1's id
    elif kind == 8:
        row["employee_name"] = "   "  # blank
    elif kind == 9:
        row["employee_id"] = -i  # not positive
    return row


SHAPES["bad-rows"] = (record("topLevelRecord", [
    ("employee_id", "long"), ("job_id", "long"), ("employee_name", ["null", "string"]),
    ("hiring_date", {"type": "long", "logicalType": "timestamp-micros"}), ("department_id", "long")],
    namespace="com.example.spark"), bad_employee)


def main():
    shape, codec, rows, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    schema_json, make = SHAPES[shape]
    schema = avro.schema.parse(json.dumps(schema_json))
    with open(out, "wb") as file:
        writer = avro.datafile.DataFileWriter(file, avro.io.DatumWriter(), schema, codec=codec)
        for i in range(1, rows + 1):
            writer.append(make(i))
        writer.close()


if __name__ == "__main__":
    main()
