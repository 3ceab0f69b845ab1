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
ALTER TABLE "certify_credentials" ADD CONSTRAINT "certify_credentials_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_credentials" ADD CONSTRAINT "certify_credentials_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_issuer_keys" ADD CONSTRAINT "certify_issuer_keys_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certify_status_lists" ADD CONSTRAINT "certify_status_lists_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certify_credentials_person_idx" ON "certify_credentials" USING btree ("org_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certify_credentials_status_unique" ON "certify_credentials" USING btree ("org_id","status_index");--> statement-breakpoint
CREATE UNIQUE INDEX "certify_issuer_keys_org_name_unique" ON "certify_issuer_keys" USING btree ("org_id","key_name");--> statement-breakpoint
CREATE INDEX "certify_issuer_keys_org_idx" ON "certify_issuer_keys" USING btree ("org_id");