#!/bin/sh
# Provisions the cached base root file system of the Outpost test gateway.
# BaseImage (src/test/java/dev/outpost/rig) runs this once per recipe, in a chroot without network, with
# ROOT_PASSWORD, TECH_PASSWORD, VISITOR_PASSWORD, HOST_NAME and MACHINE_ID in the environment and the client public
# keys in /tmp/outpost-rig-authorized_keys. Any change to this file changes the cache key, so the base is built anew.
set -eu

echo "$HOST_NAME" > /etc/hostname
cat > /etc/hosts <<HOSTS
127.0.0.1	localhost
127.0.1.1	$HOST_NAME
::1	localhost ip6-localhost ip6-loopback
ff02::1	ip6-allnodes
ff02::2	ip6-allrouters
HOSTS
# The gateway has no name server, so nothing in it tries to reach one (debootstrap copied the host's file).
echo '# The Outpost test gateway has no name server.' > /etc/resolv.conf
echo "$MACHINE_ID" > /etc/machine-id

echo "root:$ROOT_PASSWORD" | chpasswd
useradd --create-home --shell /bin/bash --groups sudo tech
echo "tech:$TECH_PASSWORD" | chpasswd
useradd --create-home --shell /bin/bash visitor
echo "visitor:$VISITOR_PASSWORD" | chpasswd

authorize() {
    install -d -m 700 -o "$1" -g "$1" "$2/.ssh"
    install -m 600 -o "$1" -g "$1" /tmp/outpost-rig-authorized_keys "$2/.ssh/authorized_keys"
}
authorize root /root
authorize tech /home/tech
authorize visitor /home/visitor

cat > /etc/ssh/sshd_config.d/50-outpost-rig.conf <<'SSHD'
# Password and root logins are on, so tests can cover the installer's password and root login paths.
PasswordAuthentication yes
PermitRootLogin yes
SSHD

# avahi-daemon announces sshd as _ssh._tcp over mDNS, as a site gateway with Avahi does. It listens only on eth1,
# the link-local segment that the discovery tests plug in, so nothing is announced on the host link eth0.
# An active rlimit-nproc=3 would count every process of the avahi uid on the whole machine, whose user ids the
# container shares, so the line stays commented out (Debian 12's file ships it commented out already).
cat > /etc/avahi/services/ssh.service <<'AVAHI'
<?xml version="1.0" standalone='no'?>
<!DOCTYPE service-group SYSTEM "avahi-service.dtd">
<service-group>
  <name replace-wildcards="yes">%h</name>
  <service>
    <type>_ssh._tcp</type>
    <port>22</port>
  </service>
</service-group>
AVAHI
sed -i -e 's/^#\?allow-interfaces=.*/allow-interfaces=eth1/' -e 's/^rlimit-nproc=/#rlimit-nproc=/' \
    /etc/avahi/avahi-daemon.conf
grep -q '^allow-interfaces=eth1$' /etc/avahi/avahi-daemon.conf

# Units that slow the boot down or would reach the network.
for unit in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service \
        fstrim.timer man-db.timer systemd-timesyncd.service; do
    ln -sf /dev/null "/etc/systemd/system/$unit"
done

apt-get clean
