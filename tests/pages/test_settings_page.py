from workbench.settings import load_settings, settings_path

from .helpers import app, no_errors, submit, widget


def test_the_film_length_limit_is_saved(data_root):
    at = app()
    at.switch_page("pages/settings.py")
    at.run()
    no_errors(at)
    assert widget(at, "number_input", "Longest film accepted (minutes)").value == 30
    widget(at, "number_input", "Longest film accepted (minutes)").set_value(45)
    at = submit(at, "Save settings")
    assert "Settings saved" in at.success[0].value
    assert load_settings(data_root).max_film_minutes == 45 and settings_path(data_root).exists()


def test_an_unreadable_settings_file_falls_back_to_defaults_and_is_kept(data_root):
    data_root.mkdir(parents=True)
    settings_path(data_root).write_text("{ not json")
    assert load_settings(data_root).max_film_minutes == 30
    assert settings_path(data_root).read_text() == "{ not json"
