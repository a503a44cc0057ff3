"""Fail if the installed llama.cpp CPU backend (or the libraries named as
arguments) holds AMX tile instructions.

This sandbox does not enable AMX: a server built with them dies with SIGILL at
its first request, which the LLM tests would only see as "server unreachable".
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

# AMX mnemonics (tile config, loads/stores, dot products) and tile registers.
AMX = re.compile(r"\b(ldtilecfg|sttilecfg|tilerelease|tilezero|tileloadd\w*|tilestored|tdp\w+|tcmmr?lfp16ps)\b|%tmm\d")


def installed_libraries() -> list[Path]:
    spec = find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        return []
    found = sorted(Path(next(iter(spec.submodule_search_locations))).rglob("libggml-cpu*.so*"))
    unique: dict[str, Path] = {}
    for lib in found:  # the wheel ships .so, .so.0 and .so.0.x as copies of one library
        unique.setdefault(hashlib.sha256(lib.read_bytes()).hexdigest(), lib)
    return list(unique.values())


def amx_count(lib: Path) -> tuple[int, int]:
    """(AMX instructions, AVX-512 register uses) in the library's disassembly."""
    dump = subprocess.run(
        ["objdump", "-d", "--no-show-raw-insn", str(lib)], capture_output=True, text=True, check=True
    ).stdout
    return sum(1 for line in dump.splitlines() if AMX.search(line)), dump.count("%zmm")


def main(argv: list[str]) -> int:
    libs = [Path(a) for a in argv] or installed_libraries()
    if not libs:
        print("check_llama_isa: no libggml-cpu library found (is llama-cpp-python installed?)", file=sys.stderr)
        return 1
    failed = False
    for lib in libs:
        amx, zmm = amx_count(lib)
        print(f"check_llama_isa: {lib.name}: {amx} AMX instructions, {zmm} AVX-512 register uses")
        failed |= amx > 0
    if failed:
        print(
            "check_llama_isa: AMX instructions found; rebuild llama-cpp-python with GGML_NATIVE=OFF (see .ci/run)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
