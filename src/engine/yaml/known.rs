//! Upstream field names that are valid but not simulated, per struct (from `core/v1`, `apps/v1`,
//! `meta/v1` types). They are kept verbatim in `extra` and produce no warning. The
//! `apps/v1` Deployment and ReplicaSet model every field of their spec, status and
//! conditions, so they need no list here (their metadata and pod template use these).

/// `metav1.ObjectMeta`.
pub const OBJECT_META: &[&str] = &[
    "generateName",
    "selfLink",
    "resourceVersion",
    "deletionGracePeriodSeconds",
    "finalizers",
    "managedFields",
    "clusterName",
];

/// `core/v1.PodSpec`.
pub const POD_SPEC: &[&str] = &[
    "volumes",
    "ephemeralContainers",
    "dnsPolicy",
    "serviceAccountName",
    "serviceAccount",
    "automountServiceAccountToken",
    "hostPID",
    "hostIPC",
    "shareProcessNamespace",
    "securityContext",
    "imagePullSecrets",
    "hostname",
    "hostnameOverride",
    "subdomain",
    "schedulingGates",
    "dnsConfig",
    "readinessGates",
    "runtimeClassName",
    "enableServiceLinks",
    "setHostnameAsFQDN",
    "os",
    "hostUsers",
    "resourceClaims",
    "hostAliases",
    "workloadRef",
];

/// `core/v1.Container`.
pub const CONTAINER: &[&str] = &[
    "command",
    "args",
    "workingDir",
    "envFrom",
    "env",
    "volumeMounts",
    "volumeDevices",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "imagePullPolicy",
    "securityContext",
    "stdin",
    "stdinOnce",
    "tty",
    "resizePolicy",
    "restartPolicyRules",
];

/// `core/v1.ResourceRequirements`.
pub const RESOURCES: &[&str] = &["claims"];

/// `core/v1.PodStatus`.
pub const POD_STATUS: &[&str] = &[
    "hostIP",
    "hostIPs",
    "podIP",
    "podIPs",
    "message",
    "reason",
    "initContainerStatuses",
    "containerStatuses",
    "ephemeralContainerStatuses",
    "qosClass",
    "resize",
    "resourceClaimStatuses",
    "observedGeneration",
    "extendedResourceClaimStatus",
    "allocatedResources",
    "resources",
];

/// `core/v1.PodCondition` and `core/v1.NodeCondition`.
pub const CONDITION: &[&str] = &["lastHeartbeatTime", "lastProbeTime", "observedGeneration"];

/// `core/v1.NodeSpec`.
pub const NODE_SPEC: &[&str] = &[
    "podCIDR",
    "podCIDRs",
    "providerID",
    "externalID",
    "configSource",
    "doNotUseExternalID",
];

/// `core/v1.NodeStatus`.
pub const NODE_STATUS: &[&str] = &[
    "phase",
    "addresses",
    "daemonEndpoints",
    "nodeInfo",
    "volumesInUse",
    "volumesAttached",
    "config",
    "runtimeHandlers",
    "features",
    "declaredFeatures",
];

/// `apps/v1.DaemonSetStatus` fields not modelled.
pub const DAEMON_SET_STATUS: &[&str] = &["conditions"];
