package dev.outpost.engine.enrollment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Head office's choices for one site, from which its enrollment is issued.
 *
 * @param siteId      the site's id, a DNS label such as {@code store-0042}
 * @param displayName the site's name for people; the site id when blank
 * @param labels      the site's labels, in the order given
 * @param podCidr     the site's pod range
 * @param serviceCidr the site's service range
 */
public record SiteRequest(String siteId, String displayName, Map<String, String> labels, String podCidr,
        String serviceCidr) {

    public SiteRequest {
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        displayName = displayName == null || displayName.isBlank() ? siteId : displayName.strip();
    }
}
