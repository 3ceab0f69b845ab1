CREATE TABLE "certify_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"program_id" uuid,
	"achievement_name" text NOT NULL,
	"jwt" text NOT NULL,
	"key_name" text NOT NULL,
	"status_index" integer NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"superseded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certify_issuer_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"key_name" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_jwk_encrypted" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "certify_status_lists" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"next_index" integer DEFAULT 0 NOT NULL,
	"bits" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certify_action_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"items" jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	CONSTRAINT "certify_action_plans_enrolment_id_unique" UNIQUE("enrolment_id")
);
--> statement-breakpoint
CREATE TABLE "certify_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"credential_id" uuid
);
--> statement-breakpoint
CREATE TABLE "certify_practicum_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"evidence" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"reviewer_id" uuid,
	"scores" jsonb,
	"comments" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "certify_programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"program_key" text NOT NULL,
	"level" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"criteria_narrative" text NOT NULL,
	"path_key" text,
	"exam_id" uuid,
	"rubric" jsonb NOT NULL,
	"action_plan_days" integer DEFAULT 30 NOT NULL,
	"validity_days" integer DEFAULT 1095 NOT NULL,
	"renewal_ce_hours" integer DEFAULT 20 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certify_credentials" ADD CONSTRAINT "certify_credentials_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_credentials" ADD CONSTRAINT "certify_credentials_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_issuer_keys" ADD CONSTRAINT "certify_issuer_keys_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_status_lists" ADD CONSTRAINT "certify_status_lists_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_action_plans" ADD CONSTRAINT "certify_action_plans_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_action_plans" ADD CONSTRAINT "certify_action_plans_enrolment_id_certify_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."certify_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_action_plans" ADD CONSTRAINT "certify_action_plans_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_action_plans" ADD CONSTRAINT "certify_action_plans_acknowledged_by_people_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_enrolments" ADD CONSTRAINT "certify_enrolments_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_enrolments" ADD CONSTRAINT "certify_enrolments_program_id_certify_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."certify_programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_enrolments" ADD CONSTRAINT "certify_enrolments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_practicum_submissions" ADD CONSTRAINT "certify_practicum_submissions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_practicum_submissions" ADD CONSTRAINT "certify_practicum_submissions_enrolment_id_certify_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."certify_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_practicum_submissions" ADD CONSTRAINT "certify_practicum_submissions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_practicum_submissions" ADD CONSTRAINT "certify_practicum_submissions_reviewer_id_people_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_programs" ADD CONSTRAINT "certify_programs_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certify_credentials_person_idx" ON "certify_credentials" USING btree ("org_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certify_credentials_status_unique" ON "certify_credentials" USING btree ("org_id","status_index");--> statement-breakpoint
CREATE UNIQUE INDEX "certify_issuer_keys_org_name_unique" ON "certify_issuer_keys" USING btree ("org_id","key_name");--> statement-breakpoint
CREATE INDEX "certify_issuer_keys_org_idx" ON "certify_issuer_keys" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certify_enrolments_unique" ON "certify_enrolments" USING btree ("program_id","person_id");--> statement-breakpoint
CREATE INDEX "certify_enrolments_person_idx" ON "certify_enrolments" USING btree ("org_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certify_practicum_round_unique" ON "certify_practicum_submissions" USING btree ("enrolment_id","round");--> statement-breakpoint
CREATE INDEX "certify_practicum_org_status_idx" ON "certify_practicum_submissions" USING btree ("org_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "certify_programs_org_key_unique" ON "certify_programs" USING btree ("org_id","program_key");