CREATE TABLE "item_banks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bank_key" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_scenarios" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bank_id" uuid NOT NULL,
	"scenario_key" text NOT NULL,
	"title" text NOT NULL,
	"case_text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"competency" text NOT NULL,
	"stem" text NOT NULL,
	"options" jsonb NOT NULL,
	"scenario_id" uuid,
	"scenario_key" text,
	"scenario_title" text,
	"case_text" text,
	"content_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bank_id" uuid NOT NULL,
	"item_key" text NOT NULL,
	"scenario_id" uuid,
	"scenario_position" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"source" text DEFAULT 'authored' NOT NULL,
	"kind" text NOT NULL,
	"competency" text NOT NULL,
	"stem" text NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"import_hash" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "exam_accommodations" (
	"exam_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"extra_minutes" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"set_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exam_accommodations_exam_id_person_id_pk" PRIMARY KEY("exam_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "exam_attempt_items" (
	"attempt_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"item_version_id" uuid NOT NULL,
	"competency" text NOT NULL,
	"kind" text NOT NULL,
	"option_order" text[] NOT NULL,
	"chosen" text[],
	"seq" bigint DEFAULT 0 NOT NULL,
	"answered_at" timestamp with time zone,
	"flagged" boolean DEFAULT false NOT NULL,
	"score" smallint,
	CONSTRAINT "exam_attempt_items_attempt_id_position_pk" PRIMARY KEY("attempt_id","position")
);
--> statement-breakpoint
CREATE TABLE "exam_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"attempt_no" integer NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"time_limit_seconds" integer NOT NULL,
	"extra_seconds" integer DEFAULT 0 NOT NULL,
	"cut_score_percent" integer NOT NULL,
	"auto_submit_job_id" text,
	"submitted_at" timestamp with time zone,
	"submit_reason" text,
	"item_count" integer NOT NULL,
	"correct_count" integer,
	"score_percent" integer,
	"passed" boolean,
	"breakdown" jsonb
);
--> statement-breakpoint
CREATE TABLE "exams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"exam_key" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"bank_key" text NOT NULL,
	"blueprint" jsonb NOT NULL,
	"time_limit_minutes" integer NOT NULL,
	"attempt_limit" integer,
	"cooldown_minutes" integer DEFAULT 0 NOT NULL,
	"cut_score_percent" integer NOT NULL,
	"shuffle_options" boolean DEFAULT true NOT NULL,
	"feedback_release" text DEFAULT 'on_submit' NOT NULL,
	"required_path_key" text,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "item_banks" ADD CONSTRAINT "item_banks_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_scenarios" ADD CONSTRAINT "item_scenarios_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_scenarios" ADD CONSTRAINT "item_scenarios_bank_id_item_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."item_banks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_scenario_id_item_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."item_scenarios"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_bank_id_item_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."item_banks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_scenario_id_item_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."item_scenarios"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_accommodations" ADD CONSTRAINT "exam_accommodations_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_accommodations" ADD CONSTRAINT "exam_accommodations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_accommodations" ADD CONSTRAINT "exam_accommodations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_accommodations" ADD CONSTRAINT "exam_accommodations_set_by_people_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempt_items" ADD CONSTRAINT "exam_attempt_items_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempt_items" ADD CONSTRAINT "exam_attempt_items_item_version_id_item_versions_id_fk" FOREIGN KEY ("item_version_id") REFERENCES "public"."item_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exams" ADD CONSTRAINT "exams_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exams" ADD CONSTRAINT "exams_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "item_banks_org_key_unique" ON "item_banks" USING btree ("org_id","bank_key");--> statement-breakpoint
CREATE UNIQUE INDEX "item_scenarios_org_key_unique" ON "item_scenarios" USING btree ("org_id","scenario_key");--> statement-breakpoint
CREATE INDEX "item_scenarios_bank_idx" ON "item_scenarios" USING btree ("bank_id");--> statement-breakpoint
CREATE UNIQUE INDEX "item_versions_item_version_unique" ON "item_versions" USING btree ("item_id","version");--> statement-breakpoint
CREATE INDEX "item_versions_org_idx" ON "item_versions" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "items_org_key_unique" ON "items" USING btree ("org_id","item_key");--> statement-breakpoint
CREATE INDEX "items_bank_competency_idx" ON "items" USING btree ("bank_id","competency","status");--> statement-breakpoint
CREATE INDEX "items_scenario_idx" ON "items" USING btree ("scenario_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_attempt_items_version_unique" ON "exam_attempt_items" USING btree ("attempt_id","item_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_attempts_number_unique" ON "exam_attempts" USING btree ("exam_id","person_id","attempt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_attempts_open_unique" ON "exam_attempts" USING btree ("exam_id","person_id") WHERE status = 'in_progress';--> statement-breakpoint
CREATE INDEX "exam_attempts_exam_status_idx" ON "exam_attempts" USING btree ("exam_id","status");--> statement-breakpoint
CREATE INDEX "exam_attempts_person_idx" ON "exam_attempts" USING btree ("person_id","exam_id");--> statement-breakpoint
CREATE INDEX "exam_attempts_open_deadline_idx" ON "exam_attempts" USING btree ("deadline_at") WHERE status = 'in_progress';--> statement-breakpoint
CREATE UNIQUE INDEX "exams_org_key_unique" ON "exams" USING btree ("org_id","exam_key");--> statement-breakpoint
CREATE INDEX "exams_org_status_idx" ON "exams" USING btree ("org_id","status");