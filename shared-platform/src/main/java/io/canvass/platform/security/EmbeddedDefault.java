package io.canvass.platform.security;

/**
 * Whether an app runs on the embedded default (its databases started in process because none is
 * configured). Only then do the demo users of docs/api.md#users-and-roles exist. Each app declares one bean of this,
 * from the setting that tells it (the command side: no datasource URL; the query side: no MongoDB
 * URI).
 */
public record EmbeddedDefault(boolean embedded) {
}
