package dev.outpost.engine.instruments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * Writes an {@link InstrumentInventory} as the versioned JSON document that {@code outpost instruments --json}
 * prints and the cluster's ConfigMap holds. The shape is described in {@code docs/instruments.md}; a change that
 * removes or renames a field raises {@link #SCHEMA_VERSION}.
 */
public final class InventoryJson {

    public static final int SCHEMA_VERSION = 1;
    public static final String KIND = "outpost.instruments";

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String write(InstrumentInventory inventory) {
        try {
            return mapper.writeValueAsString(toTree(inventory));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("The instrument inventory could not be written as JSON.", e);
        }
    }

    public ObjectNode toTree(InstrumentInventory inventory) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("kind", KIND);
        root.put("location", inventory.location().label());
        root.put("host", inventory.host());
        root.put("scannedAt", inventory.scannedAt().toString());
        ArrayNode protocols = root.putArray("protocols");
        inventory.protocols().forEach(protocol -> protocols.add(protocol.labelValue()));
        ArrayNode ports = root.putArray("ports");
        for (InstrumentFinding finding : inventory.findings()) {
            ObjectNode port = ports.addObject();
            SerialPortInfo info = finding.port();
            port.put("path", info.path());
            port.put("stableName", info.stableName());
            port.put("usbId", info.usbId() == null ? null : info.usbId().toString());
            port.put("serialNumber", info.serialNumber());
            port.put("driver", info.driver());
            port.put("adapter", finding.adapter().name());
            port.put("state", finding.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            port.put("protocol", finding.protocol() == null ? null : finding.protocol().labelValue());
            port.put("settings", finding.settings() == null ? null : finding.settings().toString());
            port.put("identity", finding.identity());
            port.put("confidence", finding.confidence().name().toLowerCase(Locale.ROOT));
            port.put("summary", finding.summary());
            ArrayNode evidence = port.putArray("evidence");
            finding.evidence().forEach(evidence::add);
        }
        return root;
    }
}
