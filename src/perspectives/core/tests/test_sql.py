from perspectives.core.sql import read_sql_file, vendor_sql_file


def test_a_sql_file_is_split_at_separator_lines_and_its_comments_left_out(tmp_path):
    path = tmp_path / "objects.v1.sqlite.sql"
    path.write_text(
        "-- What this file installs.\n\nCREATE TABLE a (x int);\n--;\n"
        "CREATE TRIGGER t AFTER INSERT ON a\nBEGIN SELECT 1; END\n--;\n\n",
        encoding="utf-8",
    )
    assert read_sql_file(path) == [
        "CREATE TABLE a (x int);",
        "CREATE TRIGGER t AFTER INSERT ON a\nBEGIN SELECT 1; END",
    ]


def test_a_vendor_file_is_named_after_its_object_version_and_database(tmp_path):
    assert vendor_sql_file(tmp_path, "tally_triggers.v1", "postgresql") == (
        tmp_path / "tally_triggers.v1.postgresql.sql"
    )
