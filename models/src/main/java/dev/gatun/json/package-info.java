/**
 * The one JSON reader and writer of the project: {@link dev.gatun.json.JsonReader} parses strictly
 * (safetensors headers, benchmark results: duplicate keys, bad escapes and deep nesting are errors),
 * {@link dev.gatun.json.Json} writes maps, lists, arrays and numbers (non-finite ones as null).
 * Both checkpoints and reports use them.
 */
package dev.gatun.json;
