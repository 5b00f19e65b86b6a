package io.hireflow.api.security;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.config.HireflowConfig;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Caps JSON nesting depth and string length, so a hostile body fails fast instead of eating memory. */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    private final HireflowConfig.Limits limits;

    JsonLimits(HireflowConfig config) {
        this.limits = config.limits();
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxStringLength(limits.maxJsonStringLength())
                .maxNumberLength(100)
                .build());
    }
}
