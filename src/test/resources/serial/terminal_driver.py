"""Runs a command on a new pseudo-terminal, as a person at a terminal would, and answers its prompts.

Usage: terminal_driver.py PROMPT ANSWER [PROMPT ANSWER ...] -- COMMAND [ARG ...]
Each ANSWER is typed, followed by Enter, once the output so far ends with its PROMPT (within 60 s). Everything the
command prints is copied to standard output, and the driver exits with the command's exit status.
"""
import os
import pty
import select
import sys
import time


def main():
    split = sys.argv.index("--")
    pairs = sys.argv[1:split]
    command = sys.argv[split + 1:]
    dialogue = list(zip(pairs[0::2], pairs[1::2]))
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(command[0], command)
    seen = b""
    deadline = time.time() + 120
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            seen += data
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        if dialogue and seen.rstrip().endswith(dialogue[0][0].encode().rstrip()):
            os.write(fd, dialogue[0][1].encode() + b"\r")
            dialogue.pop(0)
            seen = b""
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
