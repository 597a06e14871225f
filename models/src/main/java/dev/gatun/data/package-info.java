/**
 * Data sets as plain Java arrays: tables ({@link dev.gatun.data.Dataset}: synthetic sets, CSV
 * files, glyphs and MNIST-format images, sine windows) with their train/validation
 * {@link dev.gatun.data.Split} and {@link dev.gatun.data.Standardizer}, and token sequences
 * ({@link dev.gatun.data.TokenSequences}: sequence reversal, character corpora). Nothing here holds
 * native memory; a trainer copies the rows once into the tensors it reads batches from.
 */
package dev.gatun.data;
