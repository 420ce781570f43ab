"""Build the optional compiled helpers of story clustering (``storytrace.stories._fastfeatures``,
the feature extractor, and ``storytrace.stories._fastscore``, the sparse cosines).

Everything else about the package lives in ``pyproject.toml``. The extension is optional: an
install without a C compiler (or without Cython, outside build isolation) skips it and
``storytrace.stories`` runs its pure-Python paths, which give the same results.
"""

import sys

from setuptools import Extension, setup

try:
    from Cython.Build import cythonize
except ImportError:  # only outside build isolation (Cython is a build requirement)
    ext_modules = []
else:
    # no fused multiply-add: the compiled scoring must round every product like Python does
    flags = [] if sys.platform == "win32" else ["-ffp-contract=off"]
    ext_modules = cythonize(
        [Extension(f"storytrace.stories.{name}", [f"src/storytrace/stories/{name}.pyx"],
                   extra_compile_args=flags)
         for name in ("_fastfeatures", "_fastscore")],
        compiler_directives={"language_level": "3"},
        quiet=True,
    )
    for ext in ext_modules:
        ext.optional = True  # a failed compile warns and installs the pure-Python path

setup(ext_modules=ext_modules)
