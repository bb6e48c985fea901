//! `kubectl`-style text views (get ds, get pods -o wide, get nodes, rollout status, rollout history, describe ds events) rendered from simulation state.
