import type { CompletePackage } from '@jixiao/core';

/** A copy of `base` with `count` generated 一级项目 (附件3 tables). */
export function projectPackage(base: CompletePackage, count: number): CompletePackage;
