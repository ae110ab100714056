"""What a folder (or a manifest file) holds: calls and their references.

A call is identified by its audio file's stem. References are matched to it
by that id: files beside the audio (``<id>.txt``, ``.stm``, ``.rttm``,
``.uem``, ``.json``) and folder-wide files (Kaldi ``text`` + ``wav.scp``,
``*.tsv``, ``*.rttm``, ``*.uem``, ``*.stm``, ``*.json``/``*.jsonl``) whose
lines name the id. A JSON/JSONL dialogue with ``turns`` and no audio is a
text-only call (summary evaluation only). Given one file, only that file's
references are read, and audio is found beside it by id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ErrorCode, InputError
from pipeline.evaluation import formats
from pipeline.types import KeyFact, Role, SpeakerSegment, Turn

AUDIO_SUFFIXES = frozenset({".wav", ".mp3", ".m4a", ".aac", ".ogg", ".opus", ".flac", ".webm"})
TASKS = ("asr", "diarization", "summary", "qa")


@dataclass(frozen=True)
class EvalItem:
    """One call (audio, or a text dialogue) and whatever references it has."""

    id: str
    audio: Path | None = None
    text: str | None = None  # reference transcript
    turns: tuple[Turn, ...] = ()  # reference speaker-attributed text (or the dialogue)
    speakers: tuple[SpeakerSegment, ...] = ()  # reference who-spoke-when
    uem: tuple[tuple[float, float], ...] = ()
    facts: tuple[KeyFact, ...] = ()
    reference_summaries: tuple[str, ...] = ()
    language: str | None = None
    resolution: str | None = None  # expected outcome, when the references say
    follow_up_required: bool | None = None
    category: str | None = None
    action_owners: tuple[Role, ...] | None = None
    qa_items: dict[str, str] | None = None  # expected QA scorecard results (qa task)
    sources: tuple[str, ...] = ()  # reference files read, for the report

    @property
    def reference_text(self) -> str | None:
        if self.text is not None:
            return self.text
        if self.turns:
            return " ".join(t.text for t in sorted(self.turns, key=lambda t: t.start))
        return None

    @property
    def has_speaker_text(self) -> bool:
        return len({t.speaker for t in self.turns}) >= 1 and any(t.text.strip() for t in self.turns)

    @property
    def reference_speakers(self) -> tuple[SpeakerSegment, ...]:
        """RTTM if given, else the speaker turns of an STM/script with times."""
        if self.speakers:
            return self.speakers
        if self.audio is not None and self.turns:
            return tuple(SpeakerSegment(t.start, t.end, t.speaker) for t in self.turns if t.end > t.start)
        return ()

    def supports(self, task: str) -> bool:
        if task == "asr":
            return self.audio is not None and self.reference_text is not None
        if task == "diarization":
            return self.audio is not None and bool(self.reference_speakers)
        if task == "summary":
            has_input = self.audio is not None or bool(self.turns)
            expects = self.facts or self.reference_summaries or self.resolution is not None or self.category is not None
            return has_input and bool(expects)
        if task == "qa":
            return bool(self.qa_items) and (bool(self.turns) or self.audio is not None)
        raise ValueError(task)


@dataclass
class Dataset:
    root: Path
    items: list[EvalItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def for_task(self, task: str) -> list[EvalItem]:
        return [i for i in self.items if i.supports(task)]


def discover(path: Path, extra: Sequence[Path] = ()) -> Dataset:
    """Read a folder or a manifest file into :class:`EvalItem` s; ``extra``
    reference files (e.g. expected facts kept apart from read-only data) are
    read last and matched by id."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder", code=ErrorCode.BAD_MANIFEST)
    folder = path if path.is_dir() else path.parent
    audio = {p.stem: p for p in sorted(folder.iterdir()) if p.suffix.lower() in AUDIO_SUFFIXES}
    refs = _References()
    if path.is_dir():
        for file in sorted(path.iterdir()):
            refs.read(file, audio)
    elif path.suffix.lower() in AUDIO_SUFFIXES:
        audio = {path.stem: path}
        for file in sorted(folder.glob(f"{path.stem}.*")):
            refs.read(file, audio)
    else:
        if path.name == "wav.scp":
            audio = dict(formats.read_wav_scp(path))
            if (folder / "text").is_file():
                refs.read(folder / "text", audio)
        refs.read(path, audio)
        if path.name == "text" and (folder / "wav.scp").is_file():
            audio = dict(formats.read_wav_scp(folder / "wav.scp"))
    if (folder / "wav.scp").is_file() and path.is_dir():
        audio.update(formats.read_wav_scp(folder / "wav.scp"))
    for file in extra:
        if not Path(file).is_file():
            raise InputError(f"{file}: no such file", code=ErrorCode.BAD_MANIFEST)
        refs.read(Path(file), audio)
    return refs.build(folder, audio)


class _References:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, object]] = {}

    def _set(self, key: str, source: Path, **values: object) -> None:
        item = self.items.setdefault(key, {"sources": []})
        item["sources"].append(source.name)  # type: ignore[union-attr]
        item.update(values)

    def read(self, file: Path, audio: dict[str, Path]) -> None:
        suffix = file.suffix.lower()
        if not file.is_file() or suffix in AUDIO_SUFFIXES:
            return
        if file.name == "text":
            for key, text in formats.read_kaldi_text(file).items():
                self._set(key, file, text=text)
        elif suffix == ".tsv":
            for key, text in formats.read_tsv(file).items():
                self._set(key, file, text=text)
        elif suffix == ".txt" and file.stem in audio:
            self._set(file.stem, file, text=formats.read_txt(file))
        elif suffix == ".stm":
            for key, turns in formats.read_stm(file).items():
                self._set(_id_for(key, file, audio), file, turns=tuple(turns))
        elif suffix == ".rttm":
            for key, segments in formats.read_rttm(file).items():
                self._set(_id_for(key, file, audio), file, speakers=tuple(segments))
        elif suffix == ".uem":
            for key, regions in formats.read_uem(file).items():
                self._set(_id_for(key, file, audio), file, uem=tuple(regions))
        elif suffix in (".json", ".jsonl"):
            for record in formats.read_records(file):
                key = file.stem if suffix == ".json" and file.stem in audio and record.id == file.stem else record.id
                values: dict[str, object] = {}
                if record.turns:
                    values["turns"] = record.turns
                elif record.turns is not None:
                    values["text"] = ""  # an empty script: the call has no speech
                if record.facts:
                    values["facts"] = record.facts
                if record.reference_summaries:
                    values["reference_summaries"] = record.reference_summaries
                if record.language:
                    values["language"] = record.language
                if record.resolution is not None:
                    values["resolution"] = record.resolution
                if record.follow_up_required is not None:
                    values["follow_up_required"] = record.follow_up_required
                if record.category is not None:
                    values["category"] = record.category
                if record.action_owners is not None:
                    values["action_owners"] = record.action_owners
                if record.qa_items is not None:
                    values["qa_items"] = record.qa_items
                self._set(key, file, **values)

    def build(self, folder: Path, audio: dict[str, Path]) -> Dataset:
        dataset = Dataset(root=folder)
        for key in sorted(set(audio) | set(self.items)):
            values = dict(self.items.get(key, {"sources": []}))
            sources = tuple(values.pop("sources"))  # type: ignore[arg-type]
            item = EvalItem(id=key, audio=audio.get(key), sources=sources, **values)  # type: ignore[arg-type]
            if item.audio is not None and not item.audio.is_file():
                dataset.warnings.append(f"{key}: audio file {item.audio} does not exist; skipped")
                item = dataclasses.replace(item, audio=None)
            if not any(item.supports(t) for t in TASKS):
                what = "no reference" if item.audio is not None else "references but no audio"
                dataset.warnings.append(f"{key}: {what}; skipped")
                continue
            dataset.items.append(item)
        return dataset


def _id_for(key: str, file: Path, audio: dict[str, Path]) -> str:
    """RTTM/STM/UEM name the recording inside; a file beside one audio file
    whose inner name differs (e.g. "call1" in call1-v2.rttm) still belongs to it."""
    if key in audio:
        return key
    if file.stem in audio:
        return file.stem
    return key
