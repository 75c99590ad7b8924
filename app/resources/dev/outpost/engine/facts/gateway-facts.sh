# Gathers every fact the pre-flight checks need in one run, as "key=value" lines and "@begin NAME" ... "@end NAME"
# blocks. POSIX sh only: it must run under dash, bash and BusyBox ash alike. It reads and changes nothing that needs
# root. The first line of standard input is the sudo password (empty when there is none); it is kept in a shell
# variable, handed to sudo through a pipe and never placed on a command line.
IFS= read -r outpost_sudo_password || outpost_sudo_password=''
LC_ALL=C
export LC_ALL
PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin"

have() { command -v "$1" >/dev/null 2>&1; }
begin() { echo "@begin $1"; }
end() { echo "@end $1"; }
service_state() { if have systemctl; then systemctl is-active "$1" 2>/dev/null | head -n 1; else echo unknown; fi; }

echo "facts.version=1"
echo "user.id=$(id -u 2>/dev/null)"
echo "user.name=$(id -un 2>/dev/null)"
echo "hostname=$(cat /proc/sys/kernel/hostname 2>/dev/null || hostname 2>/dev/null)"
echo "kernel.release=$(uname -r 2>/dev/null)"
echo "machine=$(uname -m 2>/dev/null)"
echo "cpu.count=$(grep -c '^processor' /proc/cpuinfo 2>/dev/null)"
echo "clock.epoch=$(date -u +%s 2>/dev/null)"
echo "pid1=$(cat /proc/1/comm 2>/dev/null)"
if [ -d /run/systemd/system ]; then echo "systemd.booted=yes"; else echo "systemd.booted=no"; fi
if have openrc || have rc-service; then echo "openrc=yes"; else echo "openrc=no"; fi

begin os-release; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null; end os-release
begin meminfo; grep -E '^(MemTotal|MemAvailable|SwapTotal|SwapFree):' /proc/meminfo 2>/dev/null; end meminfo
begin swaps; cat /proc/swaps 2>/dev/null; end swaps

echo "cgroup.fs=$(stat -fc %T /sys/fs/cgroup 2>/dev/null)"
begin cgroup-controllers; cat /sys/fs/cgroup/cgroup.controllers 2>/dev/null; end cgroup-controllers
begin proc-cgroups; cat /proc/cgroups 2>/dev/null; end proc-cgroups
begin cmdline; cat /proc/cmdline 2>/dev/null; end cmdline
for f in /boot/firmware/cmdline.txt /boot/cmdline.txt; do
    if [ -f "$f" ]; then echo "boot.cmdline.file=$f"; break; fi
done

# Free space where K3s writes: the nearest existing folder of each target.
begin disk
for target in /var/lib/rancher /usr/local/bin /etc/rancher; do
    d="$target"
    while [ ! -d "$d" ] && [ "$d" != "/" ]; do d=$(dirname "$d"); done
    echo "$target $(df -Pk "$d" 2>/dev/null | tail -n 1)"
done
end disk

begin existing
for b in k3s rke2 kubelet dockerd docker containerd; do
    p=$(command -v "$b" 2>/dev/null) && echo "binary $b $p"
done
for p in /etc/rancher/k3s /var/lib/rancher/k3s /etc/rancher/rke2 /var/lib/rancher/rke2 /var/lib/docker \
         /run/containerd/containerd.sock /var/run/docker.sock /var/lib/outpost; do
    [ -e "$p" ] && echo "path $p"
done
for s in k3s k3s-agent rke2-server rke2-agent docker containerd; do
    echo "service $s $(service_state "$s")"
done
end existing

# Listening sockets, read from /proc because ss and netstat differ between GNU and BusyBox.
for proto in tcp tcp6 udp udp6; do
    begin "proc-net-$proto"; cat "/proc/net/$proto" 2>/dev/null; end "proc-net-$proto"
done
begin proc-net-route; cat /proc/net/route 2>/dev/null; end proc-net-route
begin ipv6-route; cat /proc/net/ipv6_route 2>/dev/null; end ipv6-route

if have timedatectl; then
    echo "time.ntp-synchronized=$(timedatectl show -p NTPSynchronized --value 2>/dev/null)"
    echo "time.ntp-service=$(timedatectl show -p NTP --value 2>/dev/null)"
fi
for s in systemd-timesyncd chrony chronyd ntp ntpd ntpsec openntpd; do
    state=$(service_state "$s")
    [ "$state" = active ] && echo "time.service=$s"
done
pgrep -x ntpd >/dev/null 2>&1 && echo "time.process=ntpd"
pgrep -x chronyd >/dev/null 2>&1 && echo "time.process=chronyd"

begin modules-loaded; cut -d ' ' -f 1 /proc/modules 2>/dev/null; end modules-loaded
release=$(uname -r 2>/dev/null)
if [ -d "/lib/modules/$release" ]; then echo "modules.dir=yes"; else echo "modules.dir=no"; fi
# Evidence of kernel features that works without loadable modules (/proc/modules is absent on such kernels).
begin kernel-features
grep -qw overlay /proc/filesystems 2>/dev/null && echo overlay
[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] && echo br_netfilter
[ -d /proc/sys/net/netfilter ] && echo nf_conntrack
end kernel-features
begin sys-module; ls /sys/module 2>/dev/null; end sys-module
begin modules-builtin
if [ -f "/lib/modules/$release/modules.builtin" ]; then
    sed -e 's|.*/||' -e 's|\.ko.*$||' "/lib/modules/$release/modules.builtin" 2>/dev/null
fi
end modules-builtin
begin modules-available
for m in overlay br_netfilter nf_conntrack iptable_nat iptable_filter xt_conntrack xt_comment xt_multiport vxlan \
         ip_tables nf_nat; do
    if [ -d "/lib/modules/$release" ] && find "/lib/modules/$release" -name "$m.ko*" 2>/dev/null | grep -q .; then
        echo "$m"
    fi
done
end modules-available

begin firewall
for b in iptables iptables-legacy iptables-nft nft ufw firewall-cmd; do
    p=$(command -v "$b" 2>/dev/null) && echo "binary $b $p"
done
have iptables && echo "iptables-version $(iptables --version 2>/dev/null | head -n 1)"
echo "service firewalld $(service_state firewalld)"
echo "service ufw $(service_state ufw)"
end firewall

begin serial
for d in /dev/ttyS* /dev/ttyUSB* /dev/ttyACM* /dev/ttyAMA* /dev/ttymxc* /dev/serial/by-id/*; do
    [ -e "$d" ] && echo "$d"
done
end serial

# Whether this user may run sh as root. "sudo -l sh" asks for the password and checks the rule without running
# anything; -k ignores and keeps the cached credentials. Debian's and Ubuntu's sudo still drop a marker file in the
# user's home after a successful password; the probe removes it again when it was not there before.
if [ "$(id -u 2>/dev/null)" = 0 ]; then
    echo "sudo.state=root"
elif ! have sudo; then
    echo "sudo.state=missing"
else
    sudo_marker="$HOME/.sudo_as_admin_successful"
    if [ -e "$sudo_marker" ]; then sudo_marker_existed=yes; else sudo_marker_existed=no; fi
    if [ -n "$outpost_sudo_password" ]; then
        sudo_error=$( { printf '%s\n' "$outpost_sudo_password" | sudo -S -k -p '' -l sh; } 2>&1 >/dev/null )
    else
        sudo_error=$(sudo -n -k -l sh 2>&1 >/dev/null)
    fi
    sudo_status=$?
    [ "$sudo_marker_existed" = no ] && rm -f "$sudo_marker"
    echo "sudo.exit=$sudo_status"
    begin sudo-error; printf '%s\n' "$sudo_error" | head -n 5; end sudo-error
fi
outpost_sudo_password=''
echo "facts.complete=yes"
