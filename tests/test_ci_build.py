"""The llama.cpp build check of .ci/run: it finds AMX instructions when they are
there (a tiny library compiled with -mamx-tile), and the installed build has none."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO

CHECK = REPO / ".ci" / "check_llama_isa.py"


@pytest.mark.skipif(not shutil.which("gcc") or not shutil.which("objdump"), reason="needs gcc and objdump")
def test_the_check_fails_on_a_library_with_amx_instructions(tmp_path):
    src = tmp_path / "amx.c"
    src.write_text("#include <immintrin.h>\nvoid f(void){ _tile_zero(4); _tile_release(); }\n")
    lib = tmp_path / "libggml-cpu-amx.so"
    subprocess.run(["gcc", "-O2", "-mamx-tile", "-shared", "-fPIC", "-o", str(lib), str(src)], check=True)
    out = subprocess.run([sys.executable, str(CHECK), str(lib)], capture_output=True, text=True)
    assert out.returncode == 1 and "2 AMX instructions" in out.stdout, out.stdout + out.stderr


def test_the_installed_llama_cpp_build_has_no_amx_instruction():
    pytest.importorskip("llama_cpp")
    out = subprocess.run([sys.executable, str(CHECK)], capture_output=True, text=True)
    assert out.returncode == 0 and " 0 AMX instructions" in out.stdout, out.stdout + out.stderr
