from workbench.settings import load_settings, settings_path

from .helpers import app, no_errors, submit, widget


def test_the_film_length_limit_is_saved(data_root):
    at = app(as_user="max")
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


def test_prompts_and_the_pin_are_saved_and_the_pin_only_as_a_hash(data_root):
    at = app(as_user="max")
    at.switch_page("pages/settings.py")
    at.run()
    widget(at, "text_area", "Prompts beside each clip, one per line").input("What do you see?\nWhat did you feel?")
    widget(at, "text_input", "PIN to leave the shared screen").input("2468")
    at = submit(at, "Save shared review settings")
    no_errors(at)
    saved = load_settings(data_root)
    assert saved.prompts == ["What do you see?", "What did you feel?"] and saved.pin_matches("2468")
    assert "2468" not in settings_path(data_root).read_text()
    widget(at, "text_input", "PIN to leave the shared screen (set; type a new one to change it)").input("12")
    at = submit(at, "Save shared review settings")
    assert "4 to 12 digits" in at.error[0].value
    assert load_settings(data_root).pin_matches("2468")
