"""Replays a receiver log onto a serial line with gpsfake's own log reader (gps.fake.TestLoad from gpsd's
Python package), cycling the log as gpsfake does. gpsfake itself always starts gpsd in front of its
pseudo-terminal, so the test peer uses its reader and writes to the line itself.

Usage: python3 nmea_replay.py LOG DEVICE
"""
import os
import sys
import time

from gps.fake import TestLoad

log, device = sys.argv[1], sys.argv[2]
load = TestLoad(log)
fd = os.open(device, os.O_RDWR | os.O_NOCTTY)
print("ready", flush=True)
index = 0
while True:
    sentence = load.sentences[index % len(load.sentences)]
    index += 1
    if sentence.startswith(b"#"):
        continue
    os.write(fd, sentence)
    # A receiver sends a burst of sentences once a second; a short pause keeps the pty from filling up.
    time.sleep(0.02)
