package dev.outpost.engine.instruments;

import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.ShellQuoting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's serial ports, listed and probed over SSH with nothing but the POSIX shell, stty, timeout and dd,
 * which even a minimal gateway has. Listing is one command that reads {@code /dev/serial/by-id} and, for each
 * port, the sysfs attributes under {@code /sys/class/tty/NAME/device}: the driver, and the USB interface number,
 * ids, serial number, maker and product of its USB ancestors. Each probe step is one more command (see
 * {@link GatewaySerialLine}).
 */
public final class GatewaySerialPorts implements SerialPorts {

    private static final Logger log = LoggerFactory.getLogger(GatewaySerialPorts.class);
    static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Prints one block per port: {@code port=}, then {@code key=value} lines, then {@code end}. Symbolic links are
     * resolved with {@code test -ef} and {@code cd -P}, so no readlink is needed.
     */
    static final String LIST_SCRIPT = """
            for n in /dev/ttyUSB* /dev/ttyACM* /dev/ttyAMA* /dev/ttymxc* /dev/ttyS*; do
              [ -c "$n" ] || continue
              name=${n##*/}
              case $name in ttyS*)
                t=0; [ -r /sys/class/tty/$name/type ] && read t < /sys/class/tty/$name/type
                [ "$t" = 0 ] && continue;;
              esac
              echo "port=$n"
              for l in /dev/serial/by-id/*; do [ "$l" -ef "$n" ] && echo "byid=$l"; done
              d=/sys/class/tty/$name/device
              if [ -e "$d" ]; then
                (cd -P "$d/driver" 2>/dev/null && echo "driver=${PWD##*/}")
                (cd -P "$d" && while [ "$PWD" != / ]; do
                  if [ -r bInterfaceNumber ] && [ -z "$i" ]; then read i < bInterfaceNumber; echo "interface=$i"; fi
                  if [ -r idVendor ]; then
                    read v < idVendor; read p < idProduct; echo "usb=$v:$p"
                    [ -r serial ] && { read s < serial; echo "serial=$s"; }
                    [ -r manufacturer ] && { read m < manufacturer; echo "manufacturer=$m"; }
                    [ -r product ] && { read r < product; echo "product=$r"; }
                    break
                  fi
                  cd ..
                done)
              fi
              echo end
            done
            """;

    /**
     * Prints {@code holder=NAME (process PID)} for each other process with the device in {@code $1} open, and
     * {@code access=denied} when the login user may not read and write it. A process that also holds the master
     * side of the same pseudo-terminal made it and does not count, as on the laptop.
     */
    static final String HOLDER_SCRIPT = """
            n=$1
            [ -c "$n" ] || { echo missing; exit 0; }
            { [ -r "$n" ] && [ -w "$n" ]; } || echo access=denied
            pts=
            for p in /dev/pts/[0-9]*; do [ "$n" -ef "$p" ] && pts=${p#/dev/pts/}; done
            for f in /proc/[0-9]*/fd/*; do
              [ "$f" -ef "$n" ] || continue
              pid=${f#/proc/}; pid=${pid%%/*}
              owner=
              if [ -n "$pts" ]; then
                for m in /proc/$pid/fdinfo/*; do
                  while read k v; do [ "$k" = tty-index: ] && [ "$v" = "$pts" ] && owner=yes; done < "$m"
                done
              fi
              [ -n "$owner" ] && continue
              c=program; [ -r /proc/$pid/comm ] && read c < /proc/$pid/comm
              echo "holder=$c (process $pid)"
            done
            """;

    private final GatewaySession session;

    public GatewaySerialPorts(GatewaySession session) {
        this.session = session;
    }

    @Override
    public PortLocation location() {
        return PortLocation.GATEWAY;
    }

    /** Lists the gateway's ports in one round trip. */
    @Override
    public List<SerialPortInfo> list() throws PortException {
        try {
            var result = session.run("sh -c " + ShellQuoting.quote(LIST_SCRIPT), new byte[0], LIST_TIMEOUT,
                    "listing the gateway's serial ports");
            return parse(result.stdout());
        } catch (GatewayException e) {
            throw new PortException(PortException.Kind.LOST, e.getMessage(), e);
        }
    }

    /** Parses the listing script's output. */
    static List<SerialPortInfo> parse(String output) {
        List<SerialPortInfo> ports = new ArrayList<>();
        Map<String, String> fields = new HashMap<>();
        for (String line : output.lines().toList()) {
            if (line.equals("end")) {
                if (fields.containsKey("port")) {
                    ports.add(toPort(fields));
                }
                fields.clear();
                continue;
            }
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.putIfAbsent(line.substring(0, equals), line.substring(equals + 1).strip());
            }
        }
        return ports;
    }

    private static SerialPortInfo toPort(Map<String, String> fields) {
        UsbId usb = null;
        String ids = fields.get("usb");
        if (ids != null && ids.matches("[0-9a-fA-F]{4}:[0-9a-fA-F]{4}")) {
            usb = UsbId.parse(ids.substring(0, 4), ids.substring(5));
        }
        return new SerialPortInfo(PortLocation.GATEWAY, fields.get("port"), fields.get("byid"), null, usb,
                fields.get("serial"), fields.get("manufacturer"), fields.get("product"), fields.get("driver"),
                fields.get("interface"));
    }

    /** Checks that nobody else holds the port and that the login user may use it, then returns a line on it. */
    @Override
    public SerialLine open(SerialPortInfo port) throws PortException {
        String output;
        try {
            output = session.run("sh -c " + ShellQuoting.quote(HOLDER_SCRIPT) + " sh "
                    + ShellQuoting.quote(port.path()), new byte[0], LIST_TIMEOUT,
                    "checking who uses the port " + port.path()).stdout();
        } catch (GatewayException e) {
            throw new PortException(PortException.Kind.LOST, e.getMessage(), e);
        }
        List<String> lines = output.lines().toList();
        if (lines.contains("missing")) {
            throw new PortException(PortException.Kind.LOST, PortAdvice.lost(port.path()));
        }
        for (String line : lines) {
            if (line.startsWith("holder=")) {
                throw new PortException(PortException.Kind.BUSY, PortAdvice.busy(PortAdvice.System.LINUX,
                        port.path(), line.substring(7)));
            }
        }
        if (lines.contains("access=denied")) {
            throw new PortException(PortException.Kind.NOT_PERMITTED, PortAdvice.notPermitted(
                    PortAdvice.System.LINUX, port.path(), session.settings().user()));
        }
        log.debug("Probing the gateway's port {} over SSH.", port.path());
        return new GatewaySerialLine(session, port.path());
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
