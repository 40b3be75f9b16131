"""The one compiled part: the name scorer's hot path (src/xborder/screening/_fastalign.c).

Optional: where no C compiler is found the build goes on and screening runs the same code in
Python (matching.py), at the same scores, slower. `XBORDER_REQUIRE_NATIVE=1` makes the test
suite fail instead (CI sets it). -ffp-contract=off keeps every floating-point operation as
Python does it, so the two give equal scores to the last bit."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "xborder.screening._fastalign",
            ["src/xborder/screening/_fastalign.c"],
            extra_compile_args=["-O2", "-ffp-contract=off"],
            optional=True,
        )
    ]
)
