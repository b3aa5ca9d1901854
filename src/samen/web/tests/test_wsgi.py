import subprocess
import sys


def test_the_wsgi_application_has_every_view_imported_before_its_first_request():
    # A worker that imported its views on the first request would keep that request, and every
    # other thread behind the import lock, waiting for seconds.
    script = (
        "import sys, samen.wsgi\n"
        "assert 'samen.linkage.views' in sys.modules, 'linkage views not imported'\n"
        "assert 'samen.intake.api' in sys.modules, 'intake API not imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)  # noqa: S603
    assert done.returncode == 0, done.stderr[-2000:]
