/** The secured EKS stack, its constructs, its configuration and its version catalogue. */
export * from './access';
export * from './addons';
export * from './calico';
export * from './environments';
export * from './nag-acknowledgements';
export * from './network';
export * from './node-group';
export * from './stack';
export * from './validation';
export * from './versions';
