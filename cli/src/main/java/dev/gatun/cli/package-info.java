/**
 * The {@code gatun} command line (picocli): {@link dev.gatun.cli.Main} and its commands ({@code train},
 * {@code sweep}, {@code xor}, {@code generate}, {@code explain}, {@code info}), with the checks that run
 * before any work starts (option ranges, input files readable, outputs writable) and the writing of a
 * run's outputs, each file on its own so one failure does not keep the others from being written.
 * The models it trains are in {@code dev.gatun.cli.models}.
 */
package dev.gatun.cli;
