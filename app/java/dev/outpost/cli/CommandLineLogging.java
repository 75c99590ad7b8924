package dev.outpost.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.core.Appender;
import org.slf4j.LoggerFactory;

/** Turns on the log's standard-error appender for {@code --verbose}. */
final class CommandLineLogging {

    private CommandLineLogging() {
    }

    static void showOnStandardError() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Appender<?> appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        if (appender == null) {
            return;
        }
        appender.clearAllFilters();
        ThresholdFilter filter = new ThresholdFilter();
        filter.setLevel(Level.DEBUG.levelStr);
        filter.start();
        @SuppressWarnings("unchecked")
        Appender<ch.qos.logback.classic.spi.ILoggingEvent> events =
                (Appender<ch.qos.logback.classic.spi.ILoggingEvent>) appender;
        events.addFilter(filter);
    }
}
