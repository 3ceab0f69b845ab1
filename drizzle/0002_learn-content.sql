CREATE TABLE "career_levels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"level_key" text NOT NULL,
	"label" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL,
	"org_edited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"competency_key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"stage_key" text NOT NULL,
	"targets" jsonb NOT NULL,
	"position" integer NOT NULL,
	"org_edited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"role_key" text NOT NULL,
	"title" text NOT NULL,
	"level_key" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"requirements" jsonb NOT NULL,
	"position" integer NOT NULL,
	"org_edited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proficiency_levels" (
	"org_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"label" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"org_edited_at" timestamp with time zone,
	CONSTRAINT "proficiency_levels_org_id_level_pk" PRIMARY KEY("org_id","level")
);
--> statement-breakpoint
CREATE TABLE "training_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"stage_key" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"levels" text[] NOT NULL,
	"position" integer NOT NULL,
	"org_edited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_packs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"pack_key" text NOT NULL,
	"name" text NOT NULL,
	"version" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"imported_by" uuid
);
--> statement-breakpoint
CREATE TABLE "learning_paths" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"pack_id" uuid NOT NULL,
	"path_key" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"from_level" text NOT NULL,
	"to_level" text NOT NULL,
	"sections" jsonb NOT NULL,
	"content_hash" text DEFAULT '' NOT NULL,
	"source_path" text DEFAULT '' NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lessons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"pack_id" uuid NOT NULL,
	"lesson_key" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"minutes" integer NOT NULL,
	"stage" text NOT NULL,
	"levels" text[] NOT NULL,
	"competencies" text[] NOT NULL,
	"objectives" jsonb NOT NULL,
	"body_markdown" text NOT NULL,
	"body_text" text DEFAULT '' NOT NULL,
	"knowledge_check" jsonb NOT NULL,
	"apply_it" jsonb NOT NULL,
	"word_count" integer NOT NULL,
	"content_hash" text NOT NULL,
	"source_path" text DEFAULT '' NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("summary", '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce("body_text", '')), 'C')) STORED,
	"revision" integer DEFAULT 1 NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"pack_id" uuid NOT NULL,
	"tip_key" text NOT NULL,
	"stage" text NOT NULL,
	"title" text NOT NULL,
	"body_markdown" text NOT NULL,
	"content_hash" text DEFAULT '' NOT NULL,
	"source_path" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "career_levels" ADD CONSTRAINT "career_levels_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competencies" ADD CONSTRAINT "competencies_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_roles" ADD CONSTRAINT "job_roles_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proficiency_levels" ADD CONSTRAINT "proficiency_levels_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_stages" ADD CONSTRAINT "training_stages_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_packs" ADD CONSTRAINT "content_packs_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_packs" ADD CONSTRAINT "content_packs_imported_by_people_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_paths" ADD CONSTRAINT "learning_paths_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_paths" ADD CONSTRAINT "learning_paths_pack_id_content_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."content_packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_pack_id_content_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."content_packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_pack_id_content_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."content_packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "career_levels_org_key_unique" ON "career_levels" USING btree ("org_id","level_key");--> statement-breakpoint
CREATE UNIQUE INDEX "competencies_org_key_unique" ON "competencies" USING btree ("org_id","competency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "job_roles_org_key_unique" ON "job_roles" USING btree ("org_id","role_key");--> statement-breakpoint
CREATE UNIQUE INDEX "training_stages_org_key_unique" ON "training_stages" USING btree ("org_id","stage_key");--> statement-breakpoint
CREATE UNIQUE INDEX "content_packs_org_key_unique" ON "content_packs" USING btree ("org_id","pack_key");--> statement-breakpoint
CREATE UNIQUE INDEX "learning_paths_org_key_unique" ON "learning_paths" USING btree ("org_id","path_key");--> statement-breakpoint
CREATE UNIQUE INDEX "lessons_org_key_unique" ON "lessons" USING btree ("org_id","lesson_key");--> statement-breakpoint
CREATE INDEX "lessons_org_stage_idx" ON "lessons" USING btree ("org_id","stage");--> statement-breakpoint
CREATE INDEX "lessons_search_idx" ON "lessons" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "lessons_pack_idx" ON "lessons" USING btree ("pack_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tips_org_key_unique" ON "tips" USING btree ("org_id","tip_key");--> statement-breakpoint
CREATE INDEX "tips_org_stage_idx" ON "tips" USING btree ("org_id","stage");