/**
 * Safetensors files: a model's state dict (and optionally its optimizer's state) saved and loaded
 * under PyTorch's names and layouts ({@link dev.gatun.checkpoint.Checkpoint}), written atomically
 * ({@link dev.gatun.checkpoint.AtomicFiles}) and read through a memory map that is validated as a
 * whole before any tensor is touched ({@link dev.gatun.checkpoint.SafetensorsFile}).
 */
package dev.gatun.checkpoint;
