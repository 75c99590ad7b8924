package dev.outpost.engine.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits one of Outpost's failure messages into what happened and what to do. The engine's messages state the
 * finding first and end with the next action as an imperative sentence ("Free space there, then install again."),
 * so the action starts at the first sentence that opens with an imperative verb.
 *
 * <p>NOTE: install events carry one message per failure, so this split reads the wording. Once the events carry
 * the fix as a field of its own, as check results do, the report can take it from there and this class can go.
 *
 * @param what the finding, never empty
 * @param fix  the next action, or {@code null} when the message has no imperative sentence
 */
record NextAction(String what, String fix) {

    private static final Set<String> VERBS = Set.of("Ask", "Check", "Choose", "Connect", "Fix", "Free", "Give",
            "Install", "Join", "Log", "Make", "Open", "Plug", "Reconnect", "Reinstall", "Remove", "Restart", "Run",
            "Send", "Set", "Start", "Try", "Type", "Use", "Wait", "Pass", "Add", "Replace", "Update", "Turn");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z])");

    static NextAction of(String message) {
        if (message == null || message.isBlank()) {
            return new NextAction("No message was recorded.", null);
        }
        String[] sentences = SENTENCE_END.split(message.strip());
        List<String> what = new ArrayList<>();
        List<String> fix = new ArrayList<>();
        for (String sentence : sentences) {
            String first = sentence.split("[\\s,:]", 2)[0];
            if (fix.isEmpty() && !what.isEmpty() && VERBS.contains(first) || !fix.isEmpty()) {
                fix.add(sentence);
            } else {
                what.add(sentence);
            }
        }
        return new NextAction(String.join(" ", what), fix.isEmpty() ? null : String.join(" ", fix));
    }
}
