"""Settings are checked when they are read: a wrong choice or limit is one
clear error naming the variable, not a failure later in every call."""

from __future__ import annotations

import typing
from collections.abc import Iterator

import pytest

from pipeline.errors import ErrorCode, InputError
from pipeline.options import SummarizeOptions, TranscribeOptions
from pipeline.settings import PipelineSettings, SettingsError, get_pipeline_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in PipelineSettings.model_fields:
        monkeypatch.delenv(f"CALLBRIEF_{name.upper()}", raising=False)
    get_pipeline_settings.cache_clear()
    yield
    get_pipeline_settings.cache_clear()


def error_for(monkeypatch: pytest.MonkeyPatch, **env: str) -> SettingsError:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        get_pipeline_settings()
    return caught.value


@pytest.mark.parametrize(
    ("variable", "value", "allowed"),
    [
        ("CALLBRIEF_UNVERIFIED_FACTS", "remove", "flag, drop"),
        ("CALLBRIEF_SUMMARY_BACKEND", "gpt4", "auto, llama_cpp, transformers, openai, extractive, none"),
        ("CALLBRIEF_WHISPER_COMPUTE_TYPE", "int4", "int8"),
    ],
)
def test_a_wrong_choice_names_the_variable_and_its_values(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, allowed: str
) -> None:
    error = error_for(monkeypatch, **{variable: value})
    assert isinstance(error, InputError) and error.code is ErrorCode.BAD_OPTION
    assert error.message.startswith(f"{variable}={value}: should be one of ")
    assert allowed in error.message
    assert "\n" not in error.message


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("CALLBRIEF_CPU_THREADS", "0", "CALLBRIEF_CPU_THREADS=0: should be greater than 0"),
        ("CALLBRIEF_LLM_TIMEOUT_S", "soon", "CALLBRIEF_LLM_TIMEOUT_S=soon: should be a valid number"),
        ("CALLBRIEF_REDACT_PII", "maybe", "CALLBRIEF_REDACT_PII=maybe: should be true or false"),
        ("CALLBRIEF_REDACT_PHONES", "sometimes", "CALLBRIEF_REDACT_PHONES=sometimes: should be true or false"),
        ("CALLBRIEF_LLM_CONTEXT_TOKENS", "100", "CALLBRIEF_LLM_CONTEXT_TOKENS=100: should be greater than or equal to 1024"),
    ],
)
def test_a_value_out_of_range_says_what_is_allowed(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    assert error_for(monkeypatch, **{variable: value}).message.startswith(expected)


def test_every_wrong_setting_is_reported_at_once_on_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    error = error_for(monkeypatch, CALLBRIEF_UNVERIFIED_FACTS="remove", CALLBRIEF_BEAM_SIZE="-1")
    assert "CALLBRIEF_UNVERIFIED_FACTS=remove" in error.message and "CALLBRIEF_BEAM_SIZE=-1" in error.message
    assert "\n" not in str(error)


def test_good_values_reach_the_stage_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLBRIEF_UNVERIFIED_FACTS", "flag")
    monkeypatch.setenv("CALLBRIEF_SUMMARY_BACKEND", "extractive")
    monkeypatch.setenv("CALLBRIEF_WHISPER_COMPUTE_TYPE", "float32")
    options = get_pipeline_settings().pipeline_options()
    assert (options.summarize.unverified, options.summarize.backend, options.transcribe.compute_type) == (
        "flag", "extractive", "float32"
    )


def test_phone_redaction_is_on_by_default_and_can_be_turned_off_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "phone" in get_pipeline_settings().pipeline_options().redact.entities
    monkeypatch.setenv("CALLBRIEF_REDACT_PHONES", "false")
    get_pipeline_settings.cache_clear()
    redact = get_pipeline_settings().pipeline_options().redact
    assert redact.enabled and redact.entities == ("card", "email", "national_id")


def test_the_settings_offer_the_choices_the_stages_accept() -> None:
    # One definition: the settings field's type is the option field's type.
    fields = PipelineSettings.model_fields
    summarize = typing.get_type_hints(SummarizeOptions)
    transcribe = typing.get_type_hints(TranscribeOptions)
    assert fields["unverified_facts"].annotation == summarize["unverified"]
    assert fields["summary_backend"].annotation == summarize["backend"]
    assert fields["whisper_compute_type"].annotation == transcribe["compute_type"]

