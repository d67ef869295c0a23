package io.github.aobackgroundjobs.samples.quickstart;
public class QuickstartApp { public static void main(String[] a) { System.out.println(io.github.aobackgroundjobs.JobStatus.PENDING); } }
