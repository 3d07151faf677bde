"""`make run`: start the app's processes together, stop them together on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

BIN = os.path.dirname(sys.executable)


def commands() -> dict[str, list[str]]:
    """The processes of a development instance, by name."""
    return {
        "web": [os.path.join(BIN, "flask"), "run", "--host", "127.0.0.1", "--port",
                os.environ.get("PORT", "5000")],
    }


def main() -> int:
    """Start every process; when one exits or Ctrl-C is pressed, stop them all."""
    processes = {name: subprocess.Popen(cmd) for name, cmd in commands().items()}
    print(f"Started {', '.join(processes)}. Open http://127.0.0.1:5000 - Ctrl-C stops all.",
          flush=True)
    try:
        while all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
