/**
 * Inference for a service: a {@link dev.gatun.serve.Predictor} plans a model once for a fixed input
 * shape and is then called from any number of threads, allocating nothing on the Java heap per call once warm. Each module
 * plans itself ({@link dev.gatun.serve.Inferable}) into {@link dev.gatun.serve.LayerPlan}s that read
 * and write buffers fixed at planning time, given a {@link dev.gatun.serve.PlanContext}; a
 * {@link dev.gatun.serve.Plan} holds one thread's copy of those buffers. Nothing here knows a module
 * class: a user's own module is served the same way.
 */
package dev.gatun.serve;
