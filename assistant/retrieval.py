"""Hybrid retrieval: BM25 over normalized, light-stemmed tokens + dense vectors,
fused by reciprocal rank fusion, with place-name and glossary expansion.

The keyword index (bm25s) and the chunk table are cached on disk under the
index directory, keyed by the manifest fingerprint, so neither is rebuilt on
every start nor on every query; they are rebuilt only when documents change,
and then from what they already hold: only new versions' chunks are read from
the store and tokenized. Whether documents changed is checked at most once a
second with three small queries, not by reading the whole manifest.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import bm25s
import numpy as np

from assistant.aliases import Gazetteer
from assistant.arabic import is_arabic, normalize, tokenize
from assistant.settings import Settings
from assistant.store import ChunkStore, StoredChunk, decode_vectors


@dataclass
class Passage:
    rank: int
    doc: str
    title: str
    section: str
    line_start: int
    line_end: int
    score: float
    text: str
    chunk_id: str
    kind: str = "paragraph"
    context: str = ""
    start: int = 0
    end: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def lines(self) -> str:
        return f"{self.line_start}-{self.line_end}"

    def to_json(self) -> dict:
        return {
            "rank": self.rank,
            "doc": self.doc,
            "section": self.section,
            "lines": self.lines,
            "score": round(self.score, 5),
            "text": self.text,
        }

    def as_dict(self) -> dict:
        return asdict(self)


class KeywordIndex:
    """bm25s over the chunks' index texts, persisted next to a copy of the chunk table."""

    def __init__(
        self,
        chunks: list[StoredChunk],
        bm25: bm25s.BM25 | None,
        df: dict[str, int] | None = None,
        tokens: list[list[str]] | None = None,
    ):
        self.chunks = chunks
        self.by_id = {c.id: i for i, c in enumerate(chunks)}
        self.bm25 = bm25
        self._places: dict[int, frozenset[str]] = {}
        self.df = df if df is not None else {}
        self.tokens = tokens  # each chunk's tokens, from a build: saved with the cache, then dropped
        self._by_doc: dict[str, list[StoredChunk]] | None = None

    def idf(self, token: str) -> float:
        """Inverse document frequency; a token the corpus never uses gets the maximum."""
        n = max(1, len(self.chunks))
        return math.log(1 + n / (self.df.get(token, 0) + 0.5))

    def chunks_of(self, doc_id: str) -> list[StoredChunk]:
        """One document's chunks, in order, without scanning the whole table (at 100k chunks a
        scan is ~40 ms: too slow to repeat for every citation of an answer)."""
        if self._by_doc is None:
            by_doc: dict[str, list[StoredChunk]] = {}
            for c in self.chunks:
                by_doc.setdefault(c.meta.get("doc_id", ""), []).append(c)
            self._by_doc = by_doc
        return self._by_doc.get(doc_id, [])

    def places(self, idx: int, gazetteer: Gazetteer) -> frozenset[str]:
        """Ids of the places a chunk names (memoized: chunks are immutable here)."""
        found = self._places.get(idx)
        if found is None:
            found = frozenset(e.id for e in gazetteer.find_places(self.chunks[idx].index_text))
            self._places[idx] = found
        return found

    @classmethod
    def build(cls, chunks: list[StoredChunk], known: list[list[str] | None] | None = None) -> "KeywordIndex":
        """`known[i]`, when given and not None, is chunks[i]'s tokens from an earlier build
        (same tokenizer): they are reused instead of tokenizing its text again."""
        if not chunks:
            return cls(chunks, None)
        bm25 = bm25s.BM25(k1=1.2, b=0.75)
        shared: dict[str, str] = {}  # one string object per distinct token: the lists stay small
        tokens = [
            [shared.setdefault(t, t) for t in (k if k is not None else (tokenize(c.index_text) or ["∅"]))]
            for c, k in zip(chunks, known or [None] * len(chunks))
        ]
        bm25.index(tokens, show_progress=False)
        df = Counter(t for toks in tokens for t in set(toks))
        return cls(chunks, bm25, dict(df), tokens)

    def save(self, directory: Path) -> None:
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".tmp-"))
        try:
            if self.bm25 is not None:
                self.bm25.save(str(tmp), show_progress=False)
            (tmp / "df.json").write_text(json.dumps(self.df, ensure_ascii=False), encoding="utf-8")
            with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as fh:
                for c in self.chunks:
                    fh.write(json.dumps([c.id, c.text, c.index_text, c.meta], ensure_ascii=False) + "\n")
            if self.tokens is not None:  # lets the next build reuse them (tokens never hold spaces)
                with open(tmp / _tokens_file(), "w", encoding="utf-8") as fh:
                    fh.writelines(" ".join(toks) + "\n" for toks in self.tokens)
            os.replace(tmp, directory)  # atomic: a reader sees the old cache or the whole new one
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not directory.exists():
                raise

    @staticmethod
    def read_chunks(directory: Path) -> list[StoredChunk]:
        """The cached chunk table. Metadata keys and repeated values (document id, title,
        section, context …) share one string object each: at 100k chunks this is hundreds of MB."""
        chunks = []
        shared: dict[str, str] = {}
        loads = json.loads
        with open(directory / "chunks.jsonl", encoding="utf-8") as fh:
            for line in fh:
                cid, text, itext, meta = loads(line)
                meta = {
                    shared.setdefault(k, k): shared.setdefault(v, v) if isinstance(v, str) else v
                    for k, v in meta.items()
                }
                chunks.append(StoredChunk(cid, text, itext, meta))
        return chunks

    @staticmethod
    def read_tokens(directory: Path, n: int) -> list[list[str]] | None:
        """The tokens a build saved beside the chunk table (None if absent, from another
        tokenizer, or not matching the table)."""
        try:
            with open(directory / _tokens_file(), encoding="utf-8") as fh:
                shared: dict[str, str] = {}
                tokens = [[shared.setdefault(t, t) for t in line.rstrip("\n").split(" ")] for line in fh]
        except OSError:
            return None
        return tokens if len(tokens) == n else None

    @classmethod
    def load(cls, directory: Path) -> "KeywordIndex":
        chunks = cls.read_chunks(directory)
        bm25 = bm25s.BM25.load(str(directory), show_progress=False) if chunks else None
        df = json.loads((directory / "df.json").read_text(encoding="utf-8"))
        return cls(chunks, bm25, df)

    def search(
        self, tokens: list[str], k: int, extra: list[str] = (), extra_weight: float = 1.0, docs=None
    ) -> list[tuple[int, float]]:
        """BM25 over `tokens`, plus `extra` tokens (expansions) at a lower weight; only over the
        chunks of `docs` when given."""
        if self.bm25 is None:
            return []
        vocab = self.bm25.vocab_dict
        base = list(dict.fromkeys(t for t in tokens if t in vocab))
        more = [t for t in dict.fromkeys(extra) if t in vocab and t not in base]
        if not base and not more:
            return []
        scores = np.zeros(len(self.chunks), dtype=np.float32)
        if base:
            scores += self.bm25.get_scores(base)
        if more:
            scores += extra_weight * self.bm25.get_scores(more)
        if docs:
            keep = np.zeros(len(scores), dtype=bool)
            keep[[self.by_id[c.id] for d in docs for c in self.chunks_of(d)]] = True
            scores[~keep] = 0.0
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


_TOKENIZER: str | None = None


def _tokens_file() -> str:
    """Saved tokens are named after the tokenizer (arabic.py, bm25s's stop words) that made them."""
    global _TOKENIZER
    if _TOKENIZER is None:
        import assistant.arabic

        source = Path(assistant.arabic.__file__).read_bytes() + bm25s.__version__.encode()
        _TOKENIZER = hashlib.sha256(source).hexdigest()[:12]
    return f"tokens-{_TOKENIZER}.txt"


# Bibliography entries share many words with questions (city names, "city diplomacy")
# without answering them; they rank lower unless the question asks for sources.
CACHE_FORMAT = "v2"  # bump when the keyword cache layout changes
_SOURCE_INTENT = re.compile(
    r"\b(sources?|references?|cite[sd]?|citee?s?|doi|url|liens?|links?|outlets?|journal|revue|"
    r"publie\w*|published|publication|reports?|rapporte\w*|مرجع|مراجع|المرجع|المراجع|مصدر|المصدر|مصادر|"
    r"المصادر|رابط|الرابط|نشر\w*)\b"
)


def query_tokens(question: str, expansion: str) -> list[str]:
    """Question tokens, then expansion tokens not already present; each once, so a
    place with many spellings does not outweigh the rest of the question."""
    seen, out = set(), []
    for tok in tokenize(question) + tokenize(expansion):
        if tok not in seen:
            seen.add(tok)
            out.append(tok)
    return out


class HybridRetriever:
    def __init__(self, store: ChunkStore, gazetteer: Gazetteer, settings: Settings):
        self.store = store
        self.gazetteer = gazetteer
        self.settings = settings
        self.cache_root = Path(settings.index_dir) / "keyword"
        self._keyword: KeywordIndex | None = None
        self._fingerprint: str | None = None
        self._checked = 0.0
        self._snapshot: tuple[set[str], list[str], float] | None = None  # what _unchanged() compares
        self._lock = threading.Lock()
        self._vectors: dict[str, list[float]] = {}
        self.hub_vector: list[float] | None = None  # set by the intent model: see `IntentModel.centroid`
        # question -> names of places it names that no gazetteer knows (set by the Assistant: the
        # registry's `unknown_places`, spellings the documents give)
        self.more_names = None

    # -- keeping the keyword side in step with the store -------------------------------
    def refresh(self, force: bool = False) -> None:
        """Reload when the set of active document versions changed (checked at most once a second)."""
        now = time.monotonic()
        if not force and self._keyword is not None and now - self._checked < 1.0:
            return
        with self._lock:
            if not force and self._keyword is not None and self._unchanged():
                self._checked = now
                return
            manifest = self.store.manifest()
            fp = self.store.fingerprint(manifest)
            self._checked = now
            self._snapshot = (
                set(manifest),
                sorted({str(m.get("version")) for m in manifest.values()}),
                max((float(m.get("ingested_at") or 0.0) for m in manifest.values()), default=0.0),
            )
            if fp == self._fingerprint and self._keyword is not None:
                return
            directory = self.cache_root / f"{CACHE_FORMAT}-{fp}"
            keyword = None
            if (directory / "chunks.jsonl").exists():
                try:
                    keyword = KeywordIndex.load(directory)
                except Exception:
                    keyword = None  # a damaged cache is rebuilt below
            if keyword is None:
                keyword = self._build(manifest)
                try:
                    keyword.save(directory)
                    self._prune_cache(keep=fp)
                except OSError:
                    pass  # read-only index dir: keep the in-memory index
                keyword.tokens = None  # saved (or not): only a later build needs them, from disk
            self._keyword, self._fingerprint = keyword, fp

    def _unchanged(self) -> bool:
        """Whether the manifest is still the one last read, without reading every document's
        metadata (about 0.1 ms each in Chroma: 160 ms a check at 1,000 documents). A manifest
        changes by a document removed (the ids differ) or written: written means a new
        version (not among the known ones) and a new `ingested_at` (later than any seen),
        so a change escapes only if both fail at once. Three small queries, ~12 ms at 1,000."""
        if self._snapshot is None:
            return False
        ids, versions, latest = self._snapshot
        docs = self.store.docs
        try:
            if set(docs.get(include=[])["ids"]) != ids:
                return False
            if versions and docs.get(where={"version": {"$nin": versions}}, include=[])["ids"]:
                return False
            return not docs.get(where={"ingested_at": {"$gt": latest}}, include=[])["ids"]
        except Exception:
            return False  # read the whole manifest, as before

    def _build(self, manifest: dict) -> KeywordIndex:
        """The keyword side for the active versions. Chunks of versions an earlier build
        already holds (in memory, or the newest cache on disk) are reused with their tokens;
        only new versions are fetched from the store and tokenized. The result is the same
        as a build from scratch: same chunks, same order, same tokens."""
        active = {f"{d}:{m['version']}": m.get("n_chunks") for d, m in manifest.items()}
        previous, tokens = self._previous_build()
        rows: dict[str, list[int]] = {}
        for i, c in enumerate(previous):
            if c.meta.get("version") in active:
                rows.setdefault(c.meta["version"], []).append(i)
        reuse = {v: idx for v, idx in rows.items() if len(idx) == active[v]}
        if not reuse:
            return KeywordIndex.build(self.store.active_chunks(manifest))
        fetched = self._fetch_versions(manifest, [v for v in active if v not in reuse])
        pairs = [(previous[i], tokens[i] if tokens else None) for idx in reuse.values() for i in idx]
        pairs += [(c, None) for c in fetched]
        pairs.sort(key=lambda p: (p[0].meta.get("doc_id", ""), p[0].meta.get("ordinal", 0)))  # as active_chunks
        return KeywordIndex.build([c for c, _ in pairs], [t for _, t in pairs])

    def _previous_build(self) -> tuple[list[StoredChunk], list[list[str]] | None]:
        """Chunks (and their tokens, when saved) of the index in memory, else of the newest cache."""
        candidates = []
        if self._keyword is not None and self._fingerprint:
            candidates.append((self.cache_root / f"{CACHE_FORMAT}-{self._fingerprint}", self._keyword.chunks))
        try:
            on_disk = sorted(
                (d for d in self.cache_root.glob(f"{CACHE_FORMAT}-*") if (d / "chunks.jsonl").exists()),
                key=lambda d: d.stat().st_mtime,
                reverse=True,
            )
        except OSError:
            on_disk = []
        candidates += [(d, None) for d in on_disk[:1]]
        for directory, chunks in candidates:
            try:
                chunks = chunks if chunks is not None else KeywordIndex.read_chunks(directory)
            except Exception:
                continue  # a damaged cache: try the next, or build from the store
            return chunks, KeywordIndex.read_tokens(directory, len(chunks))
        return [], None

    def _fetch_versions(self, manifest: dict, versions: list[str]) -> list[StoredChunk]:
        """The chunks of some active versions, read from the store by version (not the whole index)."""
        out: list[StoredChunk] = []
        for i in range(0, len(versions), 100):
            part = versions[i : i + 100]
            where = {"version": part[0]} if len(part) == 1 else {"version": {"$in": part}}
            got = self.store.chunks.get(where=where, include=["documents", "metadatas"])
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
                out.append(StoredChunk(cid, text, meta.pop("index_text", text), meta))
        return out

    def _prune_cache(self, keep: str) -> None:
        for old in self.cache_root.iterdir():
            if old.name != f"{CACHE_FORMAT}-{keep}":
                shutil.rmtree(old, ignore_errors=True)

    @property
    def fingerprint(self) -> str | None:
        """The set of active document versions the keyword side was loaded for."""
        self.refresh()
        return self._fingerprint

    @property
    def keyword(self) -> KeywordIndex:
        self.refresh()
        return self._keyword

    @property
    def size(self) -> int:
        self.refresh()
        return len(self._keyword.chunks) if self._keyword else 0

    # -- searching -------------------------------------------------------------------
    def expand(self, question: str) -> str:
        # An Arabic question already uses the documents' vocabulary: only place-name
        # spellings are added. French/English questions also get the glossary's Arabic.
        # An Arabic question's places are added in Latin script too, and so are partners only the documents name
        # (`more_names`): an Arabic question about an English or Italian article meets it.
        found = self.gazetteer.expansion(question, terms=not is_arabic(question))
        # (foreign cities only: a commune's Latin names enrich every chunk naming it, in either script,
        # and outweighed the question's own words; a Latin-script question has its Latin names already)
        latin = (
            " ".join(n for e in self.gazetteer.find_places(question) if e.kind == "city" for n in e.display_latin)
            if is_arabic(question)
            else ""
        )
        more = " ".join(self.more_names(question)) if self.more_names else ""
        return " ".join(x for x in (found, latin, more) if x)

    def dense_text(self, question: str) -> str:
        """What is embedded for a question: it, plus the Arabic names of its places."""
        return f"{question} {self.gazetteer.primary_arabic(question)}".strip()

    def query_vector(self, text: str) -> list[float]:
        """The query embedding, cached: the question analysis and the search share it."""
        with self._lock:
            vec = self._vectors.get(text)
        if vec is None:
            vec = self.store.embeddings.embed_query(text)
            with self._lock:
                self._vectors[text] = vec
                while len(self._vectors) > 256:
                    self._vectors.pop(next(iter(self._vectors)))
        return vec

    def search(
        self, question: str, k: int | None = None, *, timings: dict | None = None, docs: list[str] | None = None
    ) -> list[Passage]:
        """The best passages for a question; among the chunks of `docs` only, when given (a
        question scoped to a source: "according to the article…"), else among all."""
        k = k or self.settings.search_k
        self.refresh()
        keyword = self._keyword
        if keyword is None or not keyword.chunks:
            return []
        docs = [d for d in docs or [] if keyword.chunks_of(d)] or None
        t0 = time.perf_counter()
        expansion = self.expand(question)
        n = max(self.settings.candidates, k)
        lexical = keyword.search(
            tokenize(question),
            n,
            extra=query_tokens(question, expansion),
            extra_weight=self.settings.expansion_weight,
            docs=docs,
        )
        t1 = time.perf_counter()
        vector = self.query_vector(self.dense_text(question))
        t2 = time.perf_counter()
        wants_sources = bool(_SOURCE_INTENT.search(normalize(question)))
        # Latin-script bibliography entries attract French/English question vectors
        # regardless of meaning; they take part in the dense ranking only when asked for.
        dense = [
            (keyword.by_id[cid], sim)
            for cid, sim in self.store.dense_search(vector, n + 20, docs)
            if cid in keyword.by_id
            and (wants_sources or keyword.chunks[keyword.by_id[cid]].meta.get("kind") != "reference")
        ][:n]
        t3 = time.perf_counter()
        fused: dict[int, float] = {}
        dense_weight = self.settings.dense_weight
        if not is_arabic(question):
            # multilingual-e5-small matches French/English questions to Latin-script text
            # (the bibliography, the English front matter) more than to the Arabic answer
            dense_weight *= self.settings.dense_weight_latin
        for weight, ranking in ((self.settings.bm25_weight, lexical), (dense_weight, dense)):
            for rank, (idx, _) in enumerate(ranking):
                prior = 1.0
                if keyword.chunks[idx].meta.get("kind") == "reference" and not wants_sources:
                    prior = self.settings.reference_prior
                fused[idx] = fused.get(idx, 0.0) + prior * weight / (self.settings.rrf_k + rank + 1)
        places = {e.id for e in self.gazetteer.find_places(question)}
        if places:
            # Twinning questions hinge on places: passages naming more of the question's
            # places (in any script, via their enriched index text) move up.
            for idx in sorted(fused, key=lambda i: -fused[i])[:n]:
                named = keyword.places(idx, self.gazetteer)
                fused[idx] *= 1.0 + self.settings.entity_boost * len(places & named) / len(places)
        best = sorted(fused.items(), key=lambda x: -x[1])[:k]
        # fused scores are rank-based; the raw similarities say how close the best match is
        sims = {idx: sim for idx, sim in dense}
        if timings is not None:
            timings.update(
                keyword_ms=(t1 - t0) * 1e3,
                embed_ms=(t2 - t1) * 1e3,
                dense_ms=(t3 - t2) * 1e3,
                fuse_ms=(time.perf_counter() - t3) * 1e3,
            )
        out = [self._passage(keyword.chunks[i], rank + 1, score) for rank, (i, score) in enumerate(best)]
        q = np.asarray(vector, dtype=np.float32)
        q /= float(np.linalg.norm(q)) or 1.0
        hub = np.asarray(self.hub_vector, dtype=np.float32) if self.hub_vector is not None else None
        for (i, _), p in zip(best, out):
            p.extra["dense"] = sims.get(i, 0.0)
            units = keyword.chunks[i].meta.get("unit_vectors")
            if units:
                u = decode_vectors(units, len(q))
                norms = np.maximum(np.linalg.norm(u, axis=1), 1e-6)
                p.extra["unit_dense"] = (u @ q / norms).tolist()
                if hub is not None and len(hub) == len(q):
                    p.extra["unit_hub"] = (u @ hub / norms).tolist()
        return out

    @staticmethod
    def _passage(c: StoredChunk, rank: int, score: float) -> Passage:
        m = c.meta
        extra = m.get("extra")
        return Passage(
            rank=rank,
            doc=m.get("doc_id", ""),
            title=m.get("title", ""),
            section=m.get("section", ""),
            line_start=int(m.get("line_start", 0)),
            line_end=int(m.get("line_end", 0)),
            score=score,
            text=c.text,
            chunk_id=c.id,
            kind=m.get("kind", "paragraph"),
            context=m.get("context", ""),
            start=int(m.get("start", 0)),
            end=int(m.get("end", 0)),
            extra=json.loads(extra) if isinstance(extra, str) else {},
        )
