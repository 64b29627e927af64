"""What the bench scripts share: CPU and memory of a process from /proc, the RTSP test
camera, free ports. Imported by bench/record and bench/analyze (not a test helper)."""
import os
import socket
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def cpu_seconds(pid):
    """utime + stime of one process, in seconds (threads included)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (FileNotFoundError, ProcessLookupError):
        return 0.0


def rss_bytes(pid):
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except FileNotFoundError:
        return 0


def make_testcam_media(build):
    """The test camera's clips under BUILD/testcam-media (made once, ~30 s)."""
    media = os.path.join(build, "testcam-media")
    subprocess.run([os.path.join(ROOT, "tools/testcam/make-sources"), media], check=True,
                   stdout=subprocess.DEVNULL)
    return media


def start_testcam(media, clips=()):
    """Starts tools/testcam on a free port; `clips` are extra (PATH, FILE) to serve.
    Returns (process, port)."""
    sock = tempfile.mktemp(prefix="bench-testcam-", suffix=".sock")
    cmd = ["/usr/bin/python3", os.path.join(ROOT, "tools/testcam/testcam"), "--media", media,
           "--port", "0", "--control", sock]
    for path, file in clips:
        cmd += ["--clip", f"{path}={file}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    if not line.startswith("READY port="):
        sys.exit("bench: the test camera did not start")
    return proc, int(line.split("=", 1)[1])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_average():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]
