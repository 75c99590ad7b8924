#!/bin/sh
# K3s install script stand-in: a test double of K3s's install.sh (https://get.k3s.io), made by
# dev.outpost.testing.StandInK3s. It honours the same environment variables and writes the same files as the real
# script does for an air-gapped install on a systemd host. It never downloads anything, so unless
# INSTALL_K3S_SKIP_DOWNLOAD is true (or binary), it stops with an error where the real script would download.
#
# Honoured: INSTALL_K3S_SKIP_DOWNLOAD, INSTALL_K3S_BIN_DIR, INSTALL_K3S_BIN_DIR_READ_ONLY, INSTALL_K3S_SYSTEMD_DIR,
# INSTALL_K3S_EXEC and the script's arguments, INSTALL_K3S_NAME, INSTALL_K3S_TYPE, INSTALL_K3S_SKIP_ENABLE,
# INSTALL_K3S_SKIP_START, INSTALL_K3S_FORCE_RESTART, INSTALL_K3S_SYMLINK, K3S_URL, K3S_TOKEN, and every K3S_* and
# CONTAINERD_* variable and proxy variable, which go into the unit's environment file.
# Left out: OpenRC hosts, SELinux policy packages and the iptables clean-up before the start.
set -e
set -o noglob

GITHUB_URL=https://github.com/k3s-io/k3s/releases

info() {
    echo '[INFO] ' "$@"
}

warn() {
    echo '[WARN] ' "$@" >&2
}

fatal() {
    echo '[ERROR] ' "$@" >&2
    exit 1
}

verify_system() {
    if [ -x /bin/systemctl ] || type systemctl > /dev/null 2>&1; then
        return
    fi
    fatal 'Can not find systemd to use as a process supervisor for k3s (the K3s install script stand-in does not'\
        'support OpenRC)'
}

# Quotes one argument in single quotes for a unit file's ExecStart.
quote_argument() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# Prints the arguments after the command, one a line, each indented and followed by a line continuation.
exec_arguments() {
    printf ' \\\n'
    for argument in "$@"; do
        printf '\t%s \\\n' "$(quote_argument "$argument")"
    done
}

setup_env() {
    case "${1:-}" in
        -*|"")
            if [ -z "${K3S_URL}" ]; then
                CMD_K3S=server
            else
                if [ -z "${K3S_TOKEN}" ] && [ -z "${K3S_TOKEN_FILE}" ]; then
                    fatal "Defaulted k3s exec command to 'agent' because K3S_URL is defined, but K3S_TOKEN or"\
                        "K3S_TOKEN_FILE is not defined."
                fi
                CMD_K3S=agent
            fi
            ;;
        *)
            CMD_K3S=$1
            shift
            ;;
    esac
    case "${K3S_URL}" in
        ""|https://*) ;;
        *) fatal "Only https:// URLs are supported for K3S_URL (have ${K3S_URL})" ;;
    esac
    CMD_K3S_EXEC="${CMD_K3S}$(exec_arguments "$@")"

    if [ -n "${INSTALL_K3S_NAME}" ]; then
        SYSTEM_NAME=k3s-${INSTALL_K3S_NAME}
    elif [ "${CMD_K3S}" = server ]; then
        SYSTEM_NAME=k3s
    else
        SYSTEM_NAME=k3s-${CMD_K3S}
    fi
    # The real script rejects more characters by a list of punctuation; the stand-in accepts only these.
    case "${SYSTEM_NAME}" in
        *[!A-Za-z0-9.@:-]*)
            fatal "Invalid characters for system name: ${SYSTEM_NAME}"
            ;;
    esac

    SUDO=sudo
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=
    fi

    SYSTEMD_TYPE=${INSTALL_K3S_TYPE:-notify}

    if [ -n "${INSTALL_K3S_BIN_DIR}" ]; then
        BIN_DIR=${INSTALL_K3S_BIN_DIR}
    else
        BIN_DIR=/usr/local/bin
        if ! $SUDO sh -c "touch ${BIN_DIR}/k3s-ro-test && rm -rf ${BIN_DIR}/k3s-ro-test"; then
            if [ -d /opt/bin ]; then
                BIN_DIR=/opt/bin
            fi
        fi
    fi
    SYSTEMD_DIR=${INSTALL_K3S_SYSTEMD_DIR:-/etc/systemd/system}

    SERVICE_K3S=${SYSTEM_NAME}.service
    UNINSTALL_K3S_SH=${UNINSTALL_K3S_SH:-${BIN_DIR}/${SYSTEM_NAME}-uninstall.sh}
    KILLALL_K3S_SH=${KILLALL_K3S_SH:-${BIN_DIR}/k3s-killall.sh}
    FILE_K3S_SERVICE=${SYSTEMD_DIR}/${SERVICE_K3S}
    FILE_K3S_ENV=${SYSTEMD_DIR}/${SERVICE_K3S}.env

    PRE_INSTALL_HASHES=$(installed_hashes)

    if [ "${INSTALL_K3S_BIN_DIR_READ_ONLY}" = true ]; then
        INSTALL_K3S_SKIP_DOWNLOAD=true
    fi
}

can_skip_download_binary() {
    [ "${INSTALL_K3S_SKIP_DOWNLOAD}" = true ] || [ "${INSTALL_K3S_SKIP_DOWNLOAD}" = binary ]
}

download_and_verify() {
    if can_skip_download_binary; then
        info 'Skipping k3s download and verify'
        if [ ! -x "${BIN_DIR}/k3s" ]; then
            fatal "Executable k3s binary not found at ${BIN_DIR}/k3s"
        fi
        return
    fi
    fatal "The K3s install script would now download k3s and its checksums from ${GITHUB_URL}, which this test"\
        "stand-in never does. Set INSTALL_K3S_SKIP_DOWNLOAD=true and put the binary at ${BIN_DIR}/k3s."
}

setup_selinux() {
    if [ "${INSTALL_K3S_SKIP_SELINUX_RPM}" = true ] || [ "${INSTALL_K3S_SKIP_DOWNLOAD}" = true ] \
        || [ "${INSTALL_K3S_SKIP_DOWNLOAD}" = selinux ] || [ ! -d /usr/share/selinux ]; then
        info 'Skipping installation of SELinux RPM'
        return
    fi
    fatal "The K3s install script would now download the k3s-selinux package, which this test stand-in never"\
        "does. Set INSTALL_K3S_SKIP_DOWNLOAD=true."
}

create_symlinks() {
    [ "${INSTALL_K3S_BIN_DIR_READ_ONLY}" = true ] && return
    [ "${INSTALL_K3S_SYMLINK}" = skip ] && return
    for cmd in kubectl crictl ctr; do
        if [ ! -e "${BIN_DIR}/${cmd}" ] || [ "${INSTALL_K3S_SYMLINK}" = force ]; then
            which_cmd=$(command -v "${cmd}" 2>/dev/null || true)
            if [ -z "${which_cmd}" ] || [ "${INSTALL_K3S_SYMLINK}" = force ]; then
                info "Creating ${BIN_DIR}/${cmd} symlink to k3s"
                $SUDO ln -sf k3s "${BIN_DIR}/${cmd}"
            else
                info "Skipping ${BIN_DIR}/${cmd} symlink to k3s, command exists in PATH at ${which_cmd}"
            fi
        else
            info "Skipping ${BIN_DIR}/${cmd} symlink to k3s, already exists"
        fi
    done
}

# The real killall script also kills containerd shims, unmounts the pods' mounts, and removes the CNI interfaces
# and the KUBE-, CNI- and flannel iptables rules. The stand-in makes none of these; it stops the k3s units and
# then the API relay of the k3s stand-in, if one is left.
create_killall() {
    [ "${INSTALL_K3S_BIN_DIR_READ_ONLY}" = true ] && return
    info "Creating killall script ${KILLALL_K3S_SH}"
    $SUDO tee "${KILLALL_K3S_SH}" > /dev/null << \EOF
#!/bin/sh
# k3s-killall.sh of the K3s install script stand-in.
[ $(id -u) -eq 0 ] || exec sudo $0 $@

set -x

for service in /etc/systemd/system/k3s*.service; do
    [ -s $service ] && systemctl stop $(basename $service)
done

relay_pid=$(cat /run/k3s/stand-in-relay.pid 2>/dev/null || true)
if [ -n "$relay_pid" ]; then
    pkill -KILL -P "$relay_pid" 2>/dev/null
    kill -KILL "$relay_pid" 2>/dev/null
    rm -f /run/k3s/stand-in-relay.pid
fi
exit 0
EOF
    $SUDO chmod 755 "${KILLALL_K3S_SH}"
    $SUDO chown root:root "${KILLALL_K3S_SH}"
}

create_uninstall() {
    [ "${INSTALL_K3S_BIN_DIR_READ_ONLY}" = true ] && return
    info "Creating uninstall script ${UNINSTALL_K3S_SH}"
    $SUDO tee "${UNINSTALL_K3S_SH}" > /dev/null << EOF
#!/bin/sh
# ${SYSTEM_NAME}-uninstall.sh of the K3s install script stand-in.
set -x
[ \$(id -u) -eq 0 ] || exec sudo --preserve-env=K3S_DATA_DIR \$0 \$@

K3S_DATA_DIR=\${K3S_DATA_DIR:-/var/lib/rancher/k3s}

${KILLALL_K3S_SH}

if command -v systemctl; then
    systemctl disable ${SYSTEM_NAME}
    systemctl reset-failed ${SYSTEM_NAME}
    systemctl daemon-reload
fi

rm -f ${FILE_K3S_SERVICE}
rm -f ${FILE_K3S_ENV}

remove_uninstall() {
    rm -f ${UNINSTALL_K3S_SH}
}
trap remove_uninstall EXIT

if ls ${SYSTEMD_DIR}/k3s*.service > /dev/null 2>&1; then
    set +x; echo 'Additional k3s services installed, skipping uninstall of k3s'; set -x
    exit
fi

for cmd in kubectl crictl ctr; do
    if [ -L ${BIN_DIR}/\$cmd ]; then
        rm -f ${BIN_DIR}/\$cmd
    fi
done

# Removes a folder, or only what is inside it where something is mounted in it.
clean_mounted_directory() {
    if ! grep -q " \$1" /proc/mounts; then
        rm -rf "\$1"
        return 0
    fi
    for path in "\$1"/*; do
        if [ -d "\$path" ]; then
            if grep -q " \$path" /proc/mounts; then
                clean_mounted_directory "\$path"
            else
                rm -rf "\$path"
            fi
        elif [ -e "\$path" ]; then
            rm -f "\$path"
        fi
    done
}

rm -rf /etc/rancher/k3s
rm -rf /run/k3s
rm -rf /run/flannel
clean_mounted_directory \${K3S_DATA_DIR}
rm -rf /var/lib/kubelet
rm -f ${BIN_DIR}/k3s
rm -f ${KILLALL_K3S_SH}
EOF
    $SUDO chmod 755 "${UNINSTALL_K3S_SH}"
    $SUDO chown root:root "${UNINSTALL_K3S_SH}"
}

systemd_disable() {
    $SUDO systemctl disable "${SYSTEM_NAME}" > /dev/null 2>&1 || true
    $SUDO rm -f "/etc/systemd/system/${SERVICE_K3S}" || true
    $SUDO rm -f "/etc/systemd/system/${SERVICE_K3S}.env" || true
}

create_env_file() {
    info "env: Creating environment file ${FILE_K3S_ENV}"
    $SUDO touch "${FILE_K3S_ENV}"
    $SUDO chmod 0600 "${FILE_K3S_ENV}"
    export -p | sed -e 's/^export //' | grep -E '^(K3S|CONTAINERD)_' | $SUDO tee "${FILE_K3S_ENV}" > /dev/null \
        || true
    export -p | sed -e 's/^export //' | grep -Ei '^(NO|HTTP|HTTPS)_PROXY' | $SUDO tee -a "${FILE_K3S_ENV}" \
        > /dev/null || true
}

create_systemd_service_file() {
    info "systemd: Creating service file ${FILE_K3S_SERVICE}"
    $SUDO tee "${FILE_K3S_SERVICE}" > /dev/null << EOF
[Unit]
Description=Lightweight Kubernetes
Documentation=https://k3s.io
Wants=network-online.target
After=network-online.target

[Install]
WantedBy=multi-user.target

[Service]
Type=${SYSTEMD_TYPE}
EnvironmentFile=-/etc/default/%N
EnvironmentFile=-/etc/sysconfig/%N
EnvironmentFile=-${FILE_K3S_ENV}
KillMode=process
Delegate=yes
User=root
LimitNOFILE=1048576
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity
TimeoutStartSec=0
Restart=always
RestartSec=5s
ExecStartPre=-/sbin/modprobe br_netfilter
ExecStartPre=-/sbin/modprobe overlay
ExecStart=${BIN_DIR}/k3s \\
    ${CMD_K3S_EXEC}

EOF
}

installed_hashes() {
    $SUDO sha256sum "${BIN_DIR}/k3s" "${FILE_K3S_SERVICE}" "${FILE_K3S_ENV}" 2>&1 || true
}

systemd_enable() {
    info "systemd: Enabling ${SYSTEM_NAME} unit"
    $SUDO systemctl enable "${FILE_K3S_SERVICE}" > /dev/null
    $SUDO systemctl daemon-reload > /dev/null
}

systemd_start() {
    info "systemd: Starting ${SYSTEM_NAME}"
    $SUDO systemctl restart "${SYSTEM_NAME}"
}

service_enable_and_start() {
    if ! grep -qs memory /sys/fs/cgroup/cgroup.controllers \
        && ! [ "$(grep -s memory /proc/cgroups | while read -r n n n enabled; do echo "$enabled"; done)" = 1 ]; then
        info 'Failed to find memory cgroup, you may need to add "cgroup_memory=1 cgroup_enable=memory" to your'\
            'linux cmdline (/boot/cmdline.txt on a Raspberry Pi)'
    fi

    [ "${INSTALL_K3S_SKIP_ENABLE}" = true ] && return
    systemd_enable

    [ "${INSTALL_K3S_SKIP_START}" = true ] && return
    POST_INSTALL_HASHES=$(installed_hashes)
    if [ "${PRE_INSTALL_HASHES}" = "${POST_INSTALL_HASHES}" ] && [ "${INSTALL_K3S_FORCE_RESTART}" != true ]; then
        info 'No change detected so skipping service start'
        return
    fi
    systemd_start
    return 0
}

# The command and its flags come from INSTALL_K3S_EXEC, split at blanks, followed by the script's arguments.
# shellcheck disable=SC2086
set -- ${INSTALL_K3S_EXEC} "$@"

verify_system
setup_env "$@"
download_and_verify
setup_selinux
create_symlinks
create_killall
create_uninstall
systemd_disable
create_env_file
create_systemd_service_file
service_enable_and_start
