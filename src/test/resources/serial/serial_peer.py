"""Small serial peers for the instrument tests, on one end of a pseudo-terminal pair.

Usage: python3 serial_peer.py MODE DEVICE [ARGUMENT]
  scpi IDN      answers *IDN? (ended by LF, CR LF or CR) with IDN and LF; ignores everything else
  echo          sends back every byte it receives
  random        sends random bytes all the time
  silent        never sends anything
  truncated     sends NMEA sentences that are cut short before their checksum
  bad-checksum  sends complete NMEA sentences whose checksums are wrong
"""
import os
import random
import select
import sys
import time

mode, device = sys.argv[1], sys.argv[2]
fd = os.open(device, os.O_RDWR | os.O_NOCTTY)
print("ready", flush=True)


def scpi(reply):
    pending = b""
    while True:
        pending += os.read(fd, 256)
        while True:
            ends = [i for i in (pending.find(b"\n"), pending.find(b"\r")) if i >= 0]
            if not ends:
                break
            end = min(ends)
            command, pending = pending[:end].strip(), pending[end + 1:]
            if command.upper() == b"*IDN?":
                os.write(fd, reply.encode("ascii") + b"\n")
        pending = pending[-256:]


def echo():
    while True:
        os.write(fd, os.read(fd, 256))


def repeat(sentences):
    while True:
        for sentence in sentences:
            os.write(fd, sentence)
            time.sleep(0.02)


if mode == "scpi":
    scpi(sys.argv[3])
elif mode == "echo":
    echo()
elif mode == "random":
    generator = random.Random(6)
    while True:
        os.write(fd, bytes(generator.randrange(256) for _ in range(64)))
        time.sleep(0.01)
elif mode == "silent":
    while True:
        select.select([fd], [], [])
        os.read(fd, 256)
elif mode == "truncated":
    repeat([b"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,\r\n",
            b"$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W\r\n"])
elif mode == "bad-checksum":
    repeat([b"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*48\r\n",
            b"$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6B\r\n"])
else:
    sys.exit("unknown mode " + mode)
