"""A test double of a gateway's serial console on one end of a pseudo-terminal pair.

Modes: login PASSWORD (agetty and login, then a shell), login-echo PASSWORD (the same, but echoing the password as
a misconfigured terminal would), odd-prompt PASSWORD (the same, with a shell prompt that ends in neither $ nor #),
shell (already logged in), uboot (autoboot countdown),
uboot-prompt (U-Boot's => prompt), grub (grub> prompt), garbage (unreadable bytes), silent. The shell responds only to
the marker-wrapped commands Outpost types, with ip output recorded on a Debian 12 gateway; it runs nothing.
Prints "ready" once it listens. Every byte it receives is appended to the file named by CONSOLE_PEER_LOG, if set.
"""
import os
import random
import re
import select
import sys
import time
import tty

HOST = "site-gw-01"
PROMPT = "tech@site-gw-01:~$ "
OUTPUTS = {
    "hostname": HOST + "\n",
    "id -u": "1000\n",
    "ip -o link": "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default"
                  " qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
                  "2: eth0@if225: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT"
                  " group default qlen 1000\\    link/ether fe:e5:5d:6c:d7:ef brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
                  "3: wlan0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DORMANT"
                  " group default qlen 1000\\    link/ether 02:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff\n",
    "ip -o addr": "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"
                  "1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever\n"
                  "2: eth0    inet 198.18.1.2/30 scope global eth0\\       valid_lft forever preferred_lft forever\n"
                  "2: eth0    inet6 fe80::fce5:5dff:fe6c:d7ef/64 scope link \\       valid_lft forever"
                  " preferred_lft forever\n",
    "ip route": "default via 198.18.1.1 dev eth0 \n198.18.1.0/30 dev eth0 proto kernel scope link src 198.18.1.2 \n",
}
MARKED = re.compile(r"^ ?printf 'OPM%s-B\\n' (\w+); (.*); printf 'OPM%s-E%s\\n' \w+ \"\$\?\"$")


def main():
    mode, path = sys.argv[1], sys.argv[2]
    password = sys.argv[3] if len(sys.argv) > 3 else ""
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    log = open(os.environ["CONSOLE_PEER_LOG"], "ab", buffering=0) if os.environ.get("CONSOLE_PEER_LOG") else None
    print("ready", flush=True)

    def send(text):
        os.write(fd, text.replace("\n", "\r\n").encode() if isinstance(text, str) else text)

    global PROMPT
    if mode == "odd-prompt":
        PROMPT = "gw) "
    state = "shell" if mode == "shell" else "login"
    line = b""
    last_tick = 0.0
    countdown = 9
    while True:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if mode == "uboot" and time.time() - last_tick > 0.3:
            last_tick = time.time()
            send("\nU-Boot 2023.01 (Jan 01 2023)\nHit any key to stop autoboot: %2d " % countdown)
            countdown = max(0, countdown - 1)
        if not ready:
            continue
        data = os.read(fd, 1024)
        if not data:
            return
        if log:
            log.write(data)
        if mode == "silent":
            continue
        if mode == "garbage":
            send(bytes(random.randrange(0x80, 0x100) for _ in range(64)))
            continue
        for byte in data:
            char = bytes([byte])
            if mode in ("uboot", "uboot-prompt", "grub"):
                if char == b"\r":
                    send("\n" + ("grub> " if mode == "grub" else "=> "))
                continue
            if char not in (b"\r", b"\n"):
                line += char
                if state != "password" or mode == "login-echo":
                    send(char)
                continue
            text, line = line.decode(errors="replace"), b""
            if state == "login":
                send("\n")
                if text:
                    send("Password: ")
                    state, user = "password", text
                else:
                    send(HOST + " login: ")
            elif state == "password":
                send("\n")
                if text == password:
                    send("Linux " + HOST + " 6.1.0 #1 SMP x86_64\n\n" + PROMPT)
                    state = "shell"
                else:
                    time.sleep(0.5)
                    send("\nLogin incorrect\n" + HOST + " login: ")
                    state = "login"
            else:
                send("\n")
                if text.strip() in ("exit", "logout"):
                    send("logout\n\nDebian GNU/Linux 12 " + HOST + " ttyS0\n\n" + HOST + " login: ")
                    state = "login"
                    continue
                marked = MARKED.match(text)
                if marked:
                    nonce, command = marked.group(1), marked.group(2)
                    output = OUTPUTS.get(command)
                    send("OPM%s-B\n" % nonce)
                    send(output if output is not None else "sh: 1: %s: not found\n" % command.split()[0])
                    send("OPM%s-E%d\n" % (nonce, 0 if output is not None else 127))
                elif text.strip():
                    send("-bash: %s: command not found\n" % text.split()[0])
                send(PROMPT)


if __name__ == "__main__":
    main()
