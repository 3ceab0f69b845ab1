import type { ApplyIt, KnowledgeCheckQuestion, PathSection } from '../schema.js';
import type { JobRequirement } from '../../framework/schema.js';
import type { Manifest } from './schemas.js';

/** A content pack after parsing: plain values, each remembering the file it came from. */

export interface ParsedLesson {
  file: string;
  key: string;
  title: string;
  summary: string;
  minutes: number;
  stage: string;
  levels: string[];
  competencies: string[];
  objectives: string[];
  knowledgeCheck: KnowledgeCheckQuestion[];
  applyIt: ApplyIt;
  bodyMarkdown: string;
  bodyText: string;
  wordCount: number;
  contentHash: string;
}

export interface ParsedPath {
  file: string;
  key: string;
  title: string;
  summary: string;
  fromLevel: string;
  toLevel: string;
  sections: PathSection[];
  contentHash: string;
}

export interface ParsedTip {
  file: string;
  position: number;
  key: string;
  stage: string;
  title: string;
  bodyMarkdown: string;
  contentHash: string;
}

export interface ParsedFramework {
  /** Null when the file leaves the scale out (the installed one stays). */
  proficiencyScale: { level: number; label: string; description: string }[] | null;
  levels: { key: string; label: string; description: string }[];
  stages: { key: string; title: string; description: string; levels: string[] }[];
  competencies: { key: string; name: string; description: string; stage: string; targets: Record<string, number> }[];
  jobRoles: { key: string; title: string; level: string; summary: string; requirements: JobRequirement[] }[];
}

export interface ParsedPack {
  manifest: Manifest;
  framework: ParsedFramework | null;
  lessons: ParsedLesson[];
  paths: ParsedPath[];
  tips: ParsedTip[];
}
