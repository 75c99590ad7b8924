package dev.outpost.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar's manifest; a build without one reports itself as a development build. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = OutpostCommand.class.getPackage().getImplementationVersion();
        return new String[] {"outpost " + (version == null ? "(development build)" : version)};
    }
}
